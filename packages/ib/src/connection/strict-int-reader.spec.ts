import { Decoder, type DecoderCallbacks } from '@stoqey/ib/dist/core/io/decoder';
import { installStrictIntReaders, isIntegerToken, parseIntegerToken, type IntReaders } from './strict-int-reader';

/** @stoqey/ib's own Decoder, its events recorded: NEXT_VALID_ID (9) is `9, version, orderId`. */
function decoder(strict: boolean) {
  const events: Array<[string, unknown[]]> = [];
  const callbacks = {
    serverVersion: 178,
    emitEvent: (name: string, ...args: unknown[]) => events.push([name, args]),
    emitError: (message: string) => events.push(['error', [message]]),
    emitInfo: () => undefined,
  } as unknown as DecoderCallbacks;
  const d = new Decoder(callbacks);
  if (strict) installStrictIntReaders(d as unknown as IntReaders);
  const decode = (tokens: string[]) => {
    d.enqueueMessage(tokens);
    d.process();
  };
  return { events, decode };
}

describe('installStrictIntReaders', () => {
  it('shows why: @stoqey/ib alone reads order id "12abc" as 12 and "abc" as NaN', () => {
    const { events, decode } = decoder(false);
    decode(['9', '1', '12abc']);
    decode(['9', '1', 'abc']);
    expect(events).toEqual([['nextValidId', [12]], ['nextValidId', [Number.NaN]]]);
  });

  it.each(['12abc', 'abc', '1e5', '0x10', '1.5', ' 12', '--1'])('reads the integer token %j as NaN, never as a guess', (token) => {
    const { events, decode } = decoder(true);
    decode(['9', '1', token]);
    expect(events).toEqual([['nextValidId', [Number.NaN]]]);
  });

  it('reads honest integers as before: digits, a minus, a zero fraction, and the empty token as 0', () => {
    const { events, decode } = decoder(true);
    for (const token of ['42', '-1', '7.0', '']) decode(['9', '1', token]);
    expect(events).toEqual([['nextValidId', [42]], ['nextValidId', [-1]], ['nextValidId', [7]], ['nextValidId', [0]]]);
  });

  it('accepts exactly what /^-?\\d+(?:\\.0*)?$/ accepts', () => {
    const pattern = /^-?\d+(?:\.0*)?$/;
    const alphabet = ['0', '1', '9', '-', '.', 'a', 'e', ' ', '+', '/', ':'];
    const tokens = ['', '2147483647', '-2147483648', '007', '5.', '5.00', '5.01', '.5', '-.0', '-', '.', '1-', '1.0.0', '１２'];
    // every token of up to 4 characters over the alphabet (16,105 of them, with the neighbours of the digits)
    const grow = (prefix: string, left: number): void => {
      tokens.push(prefix);
      if (left > 0) for (const c of alphabet) grow(prefix + c, left - 1);
    };
    grow('', 4);
    const disagreeing = tokens.filter((token) => isIntegerToken(token) !== pattern.test(token));
    expect(disagreeing).toEqual([]);
    expect(tokens.filter(isIntegerToken).length).toBeGreaterThan(100);
  });

  it('parseIntegerToken reads what parseInt reads of every token isIntegerToken accepts, NaN otherwise', () => {
    const tokens = ['', '0', '-0', '007', '5.', '5.00', '5.01', '-', '12abc', '1e5', '2147483647', '-2147483648', '9007199254740993', '123456789012345', '1234567890123456', '-99999999999999999999.0'];
    const alphabet = ['0', '1', '7', '9', '-', '.', 'a'];
    const grow = (prefix: string, left: number): void => {
      tokens.push(prefix);
      if (left > 0) for (const c of alphabet) grow(prefix + c, left - 1);
    };
    grow('', 5);
    const disagreeing = tokens.filter((token) => !Object.is(parseIntegerToken(token), isIntegerToken(token) ? parseInt(token, 10) : Number.NaN));
    expect(disagreeing).toEqual([]);
    expect(parseIntegerToken('-2147483648')).toBe(-2147483648);
  });
});
