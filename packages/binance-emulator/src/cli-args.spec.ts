import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('reads the documented flags', () => {
    expect(parseCliArgs(['--port', '0', '--api-key', 'k', '--api-secret', 's', '--symbols', 'BTCUSDT,ethusdt', '--balances', 'USDT=100000,BTC=2', '--price', 'BTCUSDT=50000'])).toEqual({
      port: 0,
      apiKey: 'k',
      apiSecret: 's',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      balances: { USDT: '100000', BTC: '2' },
      prices: { BTCUSDT: '50000' },
      rateLimits: {},
    });
  });

  it('names the bad flag', () => {
    expect(() => parseCliArgs(['--balances', 'USDT=lots'])).toThrow('--balances');
    expect(() => parseCliArgs(['--bogus', '1'])).toThrow('unknown flag --bogus');
    expect(() => parseCliArgs(['--port'])).toThrow('--port needs a value');
  });
});
