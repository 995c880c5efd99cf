import { FrameGuard } from './frame-guard';

const frame = (fields: string[]) => {
  const body = Buffer.from(fields.map((f) => `${f}\u0000`).join(''), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
};

describe('FrameGuard', () => {
  it('follows frames split anywhere, headers included, and knows when one is open', () => {
    const guard = new FrameGuard(1024);
    const first = frame(['3', '1', 'Submitted']);
    const stream = Buffer.concat([first, frame(['9', '1', '5'])]);
    for (let cut = 0; cut <= stream.length; cut++) {
      guard.reset();
      expect(guard.check(stream.subarray(0, cut))).toBeUndefined();
      expect(guard.midFrame).toBe(cut !== 0 && cut !== first.length && cut !== stream.length);
      expect(guard.check(stream.subarray(cut))).toBeUndefined();
      expect(guard.midFrame).toBe(false);
    }
  });

  it('refuses a length prefix of 0x7fffffff, of 0, or above the maximum, as soon as the header is complete', () => {
    const guard = new FrameGuard(1024);
    expect(guard.check(Buffer.from([0x7f, 0xff]))).toBeUndefined();
    expect(guard.check(Buffer.from([0xff, 0xff]))).toMatch(/0x7fffffff/);
    guard.reset();
    expect(guard.check(Buffer.from([0, 0, 0, 0]))).toMatch(/frame length 0 /);
    guard.reset();
    expect(guard.check(Buffer.concat([frame(['ok']), Buffer.from([0, 0, 4, 1])]))).toMatch(/1025/);
    guard.reset();
    expect(guard.check(Buffer.from([0xff, 0xff, 0xff, 0xfc]))).toMatch(/4294967292/); // read as -4 by a signed reader: a loop
  });

  it('refuses random bytes (their first four bytes are a length far above a sane maximum)', () => {
    const guard = new FrameGuard(1 << 20);
    expect(guard.check(Buffer.from('c3a1f00d9e2b7c44d1', 'hex'))).toMatch(/outside 1\.\.1048576/);
  });
});
