import { ConfigValidationError } from '../errors/config-issue';
import { parseConfig } from '../loading/config-loader';

const entry = (shadow: string) => `brokers:\n  live:\n    type: test\n    shadow:\n${shadow}`;

describe('brokers.<name>.shadow:', () => {
  it('is absent unless written, and then read in camelCase with decimals exact', async () => {
    const none = await parseConfig('brokers:\n  live: { type: test }\n', { dotenv: false });
    expect(none.brokers.live.shadow).toBeUndefined();
    const yaml = entry(
      [
        '      initial_balances: { USDT: "100000.5", BTC: "2" }',
        '      slippage: { model: MARKET_IMPACT, eta: 0.2, beta: 0.5, sigma: 0.02, adv: "1500.25" }',
        '      latency: { model: UNIFORM, min_ms: 20, max_ms: 40 }',
        '      commission: { model: PERCENTAGE, maker_bps: "10", taker_bps: "10" }',
        '      max_volume_share: "0.5"',
        '      seed: 7',
        '',
      ].join('\n'),
    );
    const config = await parseConfig(yaml, { dotenv: false });
    const shadow = config.brokers.live.shadow!;
    expect(shadow.initialBalances?.USDT.toString()).toBe('100000.5');
    expect(shadow.slippage).toMatchObject({ model: 'MARKET_IMPACT', eta: 0.2, beta: 0.5, sigma: 0.02 });
    expect(shadow.slippage?.adv?.toString()).toBe('1500.25');
    expect(shadow.latency).toMatchObject({ model: 'UNIFORM', minMs: 20, maxMs: 40 });
    expect(shadow.commission).toEqual({ model: 'PERCENTAGE', makerBps: '10', takerBps: '10' });
    expect([shadow.maxVolumeShare?.toString(), shadow.seed]).toEqual(['0.5', 7]);
    // the plugin's own section never sees the factory's key
    expect(config.brokers.live.settings).not.toHaveProperty('shadow');
  });

  it('reads enabled: false from a string, as every boolean of the file', async () => {
    const config = await parseConfig(entry('      enabled: "no"\n'), { dotenv: false });
    expect(config.brokers.live.shadow?.enabled).toBe(false);
  });

  it.each([
    ['an unknown slippage model', '      slippage: { model: SQRT }\n', /brokers\.live\.shadow\.slippage\.model: must be one of the following values: FIXED, PERCENTAGE, MARKET_IMPACT/],
    ['PERCENTAGE without bps', '      slippage: { model: PERCENTAGE }\n', /brokers\.live\.shadow\.slippage\.bps: is required/],
    ['a negative bps', '      slippage: { model: PERCENTAGE, bps: "-1" }\n', /brokers\.live\.shadow\.slippage\.bps: must be a decimal number >= 0/],
    ['a MARKET_IMPACT beta past 2', '      slippage: { model: MARKET_IMPACT, beta: 3 }\n', /brokers\.live\.shadow\.slippage\.beta: must not be greater than 2/],
    ['a zero adv', '      slippage: { model: MARKET_IMPACT, adv: "0" }\n', /brokers\.live\.shadow\.slippage\.adv: must be a positive decimal/],
    ['UNIFORM without bounds', '      latency: { model: UNIFORM }\n', /brokers\.live\.shadow\.latency\.min_ms: is required/],
    ['NORMAL without a mean', '      latency: { model: NORMAL, std_dev_ms: 3 }\n', /brokers\.live\.shadow\.latency\.mean_ms: is required/],
    ['a negative fixed latency', '      latency: { model: FIXED, ms: -5 }\n', /brokers\.live\.shadow\.latency\.ms: must not be less than 0/],
    ['a negative balance', '      initial_balances: { USDT: "-1" }\n', /brokers\.live\.shadow\.initial_balances\.USDT: must be a decimal number >= 0/],
    ['a misspelt key', '      slipage: { model: FIXED }\n', /brokers\.live\.shadow\.slipage: is not a known field/],
    ['a list instead of a mapping', '      - FIXED\n', /brokers\.live\.shadow/],
  ])('refuses %s, naming the path', async (_what, shadow, message) => {
    const error = await parseConfig(entry(shadow), { file: 's.yaml', dotenv: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(message);
  });
});
