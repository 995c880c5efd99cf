import { FrameReader } from '../protocol/framing.codec';
import { streamFaultBytes } from './stream-faults';

describe('stream faults', () => {
  it('announces a frame of 0x7fffffff bytes (or the length asked) that never completes', () => {
    const bytes = streamFaultBytes({ kind: 'length' });
    expect(bytes.readUInt32BE(0)).toBe(0x7fffffff);
    expect(bytes.length).toBeLessThan(16);
    expect(streamFaultBytes({ kind: 'length', length: 1000 }).readUInt32BE(0)).toBe(1000);
  });

  it('draws random bytes from a seed: the same seed, the same bytes', () => {
    const a = streamFaultBytes({ kind: 'random', seed: 5 });
    expect(a).toHaveLength(64);
    expect(streamFaultBytes({ kind: 'random', seed: 5 }).equals(a)).toBe(true);
    expect(streamFaultBytes({ kind: 'random', seed: 6 }).equals(a)).toBe(false);
  });

  it('frames the undecodable messages correctly: only their content is wrong', () => {
    const reader = new FrameReader();
    reader.push(Buffer.concat([streamFaultBytes({ kind: 'unknownMessage' }), streamFaultBytes({ kind: 'truncatedMessage' })]));
    expect([reader.next(), reader.next(), reader.next()]).toEqual([['9999', '1', 'unknown'], ['3', '1'], undefined]);
  });
});
