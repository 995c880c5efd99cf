import { encodeFrame, FrameReader, MAX_FRAME_LENGTH, parseClientHello, splitFields } from './framing.codec';

describe('framing', () => {
  it('encodes START_API for clientId 0 as @stoqey/ib Socket.send does', () => {
    // wire-protocol.json says the length is 9, but the payload "71\02\00\0\0" is 8 bytes and
    // Socket.send writes utf8Data.length + 1 = 8; we follow the client's code
    const frame = encodeFrame(['71', '2', '0', '']);
    expect([...frame]).toEqual([0, 0, 0, 8, ...Buffer.from('71\u00002\u00000\u0000\u0000', 'latin1')]);
  });

  it('keeps empty fields and drops only the trailing terminator', () => {
    expect(splitFields(Buffer.from('4\u00002\u0000-1\u00002104\u0000msg\u0000\u0000'))).toEqual(['4', '2', '-1', '2104', 'msg', '']);
  });

  it('counts UTF-8 bytes, not characters, in the length', () => {
    const frame = encodeFrame(['4', 'é']);
    expect(frame.readUInt32BE(0)).toBe(5); // "4\0" + 2 bytes + "\0"
  });

  it('reassembles frames split at every byte boundary and coalesced frames', () => {
    const bytes = Buffer.concat([encodeFrame(['9', '1', '42']), encodeFrame(['15', '1', 'DU1,DU2'])]);
    const reader = new FrameReader();
    const got: string[][] = [];
    for (const byte of bytes) {
      reader.push(Buffer.from([byte]));
      for (let f = reader.next(); f; f = reader.next()) got.push(f);
    }
    expect(got).toEqual([
      ['9', '1', '42'],
      ['15', '1', 'DU1,DU2'],
    ]);
  });

  it('refuses a frame longer than the client maximum', () => {
    const reader = new FrameReader();
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_FRAME_LENGTH + 1, 0);
    reader.push(header);
    expect(() => reader.next()).toThrow(/exceeds/);
  });
});

describe('client hello', () => {
  const hello = (text: string): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(Buffer.byteLength(text), 0);
    return Buffer.concat([Buffer.from('API\u0000', 'latin1'), len, Buffer.from(text)]);
  };

  it('parses the version range @stoqey/ib sends (no trailing NUL)', () => {
    const bytes = Buffer.concat([hello('v100..193'), encodeFrame(['71', '2', '7', ''])]);
    const parsed = parseClientHello(bytes);
    expect(parsed).toEqual({ kind: 'hello', hello: { minVersion: 100, maxVersion: 193, connectOptions: '' }, consumed: 4 + 4 + 9 });
  });

  it('keeps connect options and a single version', () => {
    expect(parseClientHello(hello('v176 +PACEAPI'))).toMatchObject({ hello: { minVersion: 176, maxVersion: 176, connectOptions: '+PACEAPI' } });
  });

  it('waits for more bytes, and rejects a stream that is not the API', () => {
    expect(parseClientHello(hello('v100..193').subarray(0, 10))).toEqual({ kind: 'incomplete' });
    expect(parseClientHello(Buffer.from('API'))).toEqual({ kind: 'incomplete' });
    expect(parseClientHello(Buffer.from('GET / HTTP/1.1'))).toMatchObject({ kind: 'invalid' });
    expect(parseClientHello(hello('x100'))).toMatchObject({ kind: 'invalid' });
  });
});
