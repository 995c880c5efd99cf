import { ConfigValidationError } from '../errors/config-issue';
import { parseConfig } from '../loading/config-loader';

const BROKERS = 'brokers:\n  binance_emulator: { type: test }\n';
const parse = (yaml: string) => parseConfig(`${BROKERS}${yaml}`, { file: 'md.yaml', dotenv: false, env: {} });

describe('market_data.sources', () => {
  it('reads an ordered list of sources with their thresholds, beside the section feed settings', async () => {
    const config = await parse([
      'market_data:',
      '  symbols: [BTCUSDT]',
      '  start_prices: { BTCUSDT: "50000" }',
      '  hold_ms: 3000',
      '  sources:',
      '    - { broker: binance_emulator, stale_ms: 2000 }',
      '    - { broker: binance_emulator, poll_ms: 1000 }',
      '    - { source: synthetic, stale_ms: 5000 }',
      '',
    ].join('\n'));
    expect(config.marketData.holdMs).toBe(3000);
    expect(config.marketData.sources).toEqual([
      expect.objectContaining({ broker: 'binance_emulator', staleMs: 2000 }),
      expect.objectContaining({ broker: 'binance_emulator', pollMs: 1000 }),
      expect.objectContaining({ source: 'synthetic', staleMs: 5000 }),
    ]);
  });

  it('keeps the single-source form', async () => {
    const config = await parse('market_data: { source: synthetic, symbols: [BTCUSDT], start_prices: { BTCUSDT: "1" } }\n');
    expect(config.marketData).toMatchObject({ source: 'synthetic', symbols: ['BTCUSDT'] });
    expect(config.marketData.sources).toBeUndefined();
  });

  it.each([
    ['an unknown broker', '    - { broker: kraken }\n', /market_data\.sources\[0\]\.broker: no broker named kraken/],
    ['both broker and source', '    - { broker: binance_emulator, source: synthetic }\n', /market_data\.sources\[0\]: give either broker: or source:, not both/],
    ['neither', '    - { stale_ms: 10 }\n', /market_data\.sources\[0\]\.(broker|source)/],
    ['a zero threshold', '    - { broker: binance_emulator, stale_ms: 0 }\n', /market_data\.sources\[0\]\.stale_ms/],
    ['a polled csv', '    - { source: csv, poll_ms: 10 }\n', /market_data\.sources\[0\]\.poll_ms: only a broker: source can be polled/],
    ['an unknown source kind', '    - { source: websocket }\n', /market_data\.sources\[0\]\.source: must be one of the following values: synthetic, csv/],
  ])('refuses %s, naming the field', async (_what, entry, message) => {
    const error = await parse(`market_data:\n  sources:\n${entry}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(message);
  });
});
