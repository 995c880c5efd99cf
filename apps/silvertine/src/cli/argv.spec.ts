import { ArgumentError, asksForHelp, parseArgv } from './argv';
import { decodeClientOrderId, decodePort, decodePositiveDecimal, decodeSeconds, decodeSide, decodeSymbol } from './argument-decoders';

const SPECS = { limit: { type: 'string', value: '<price>' }, json: { type: 'boolean' } } as const;

describe('parseArgv', () => {
  it('reads long, short, --name=value and boolean options, and keeps negative numbers as values', () => {
    expect(parseArgv(['buy', 'X', '-1', '--limit', '-0.5', '-c', 'f.yaml', '--json'], SPECS)).toEqual({
      values: { limit: '-0.5', config: 'f.yaml', json: true }, positionals: ['buy', 'X', '-1'],
    });
    expect(parseArgv(['--limit=7', '--', '--json'], SPECS)).toEqual({ values: { limit: '7' }, positionals: ['--json'] });
  });

  it.each([
    [['--bogus'], '--bogus', 'is not an option of this command (see --help)'],
    [['-z'], '-z', 'is not an option of this command (see --help)'],
    [['--limit'], '--limit', 'needs a value (<price>)'],
    [['--limit', '--json'], '--limit', 'needs a value (<price>)'],
    [['--limit='], '--limit', 'needs a value (<price>)'],
    [['--json=yes'], '--json', 'takes no value'],
    [['--limit', '1', '--limit', '2'], '--limit', 'is given twice'],
  ])('%j is an ArgumentError naming %s', (args, argument, rule) => {
    const error = (() => {
      try {
        parseArgv(args, SPECS);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ argument, rule, exitCode: 2 });
  });

  it('finds --help before --', () => {
    expect(asksForHelp(['x', '-h'])).toBe(true);
    expect(asksForHelp(['--', '--help'])).toBe(false);
  });
});

describe('argument decoders', () => {
  it('decode good values into domain types', () => {
    expect(decodeSide('Sell')).toBe('SELL');
    expect(decodePositiveDecimal('0.0100', 'quantity').toString()).toBe('0.01');
    expect(decodeSymbol('btcusdt')).toBe('BTCUSDT');
    expect(decodeClientOrderId('st-01HZ:a/b_c.d')).toBe('st-01HZ:a/b_c.d');
    expect(decodeSeconds('1.5', '--duration')).toBe(1.5);
    expect(decodePort('8765', '--port')).toBe(8765);
  });

  it.each([
    [() => decodeSide(undefined), 'side must be buy or sell, got nothing'],
    [() => decodePositiveDecimal('0', 'quantity'), 'quantity must be positive, got "0"'],
    [() => decodePositiveDecimal('Infinity', 'quantity'), 'quantity must be a decimal number, got "Infinity"'],
    [() => decodePositiveDecimal('', '--limit'), '--limit is required'],
    [() => decodeSymbol('BTC USDT'), 'symbol must be a symbol such as BTCUSDT, got "BTC USDT"'],
    [() => decodeClientOrderId('x'.repeat(65)), `clientOrderId must be a client order id (letters, digits, ".:/_-"), got "${'x'.repeat(40)}…"`],
    [() => decodeSeconds('99999999999', '--duration'), '--duration must be at most 31536000 seconds (a year), got "99999999999"'],
    [() => decodePort('65536', '--port'), '--port must be a port number 0-65535, got "65536"'],
  ])('refuses bad values with a message naming the argument (%#)', (decode, message) => {
    expect(decode).toThrow(ArgumentError);
    expect(decode).toThrow(message);
  });
});
