import { ConfigValidationError } from '../errors/config-issue';
import { parseConfig } from '../loading/config-loader';

const BROKER = 'brokers:\n  live: { type: test }\n';
const REDIS = 'redis:\n  url: redis://127.0.0.1:6379\n';

describe('redis.gateway: section', () => {
  it('reads the prefix, brokers, group and consumer', async () => {
    const yaml = `${BROKER}${REDIS}  gateway: { prefix: "st:", brokers: [live], group: gw, consumer: host-a.1, lease_ms: 3000 }\n`;
    const config = await parseConfig(yaml, { dotenv: false });
    expect(config.redis?.gateway).toEqual({ prefix: 'st:', brokers: ['live'], group: 'gw', consumer: 'host-a.1', leaseMs: 3000 });
  });

  it('is optional, and empty means every default', async () => {
    expect((await parseConfig(`${BROKER}${REDIS}`, { dotenv: false })).redis?.gateway).toBeUndefined();
    expect((await parseConfig(`${BROKER}${REDIS}  gateway: {}\n`, { dotenv: false })).redis?.gateway).toEqual({});
  });

  it.each([
    ['an empty broker list', 'gateway: { brokers: [] }', /redis\.gateway\.brokers: must not be empty/],
    ['a broker listed twice', 'gateway: { brokers: [live, live] }', /redis\.gateway\.brokers: .*unique/],
    ['a consumer name with a space', 'gateway: { consumer: "host a" }', /redis\.gateway\.consumer: may hold letters, digits/],
    ['an empty prefix', 'gateway: { prefix: "" }', /redis\.gateway\.prefix: must not be empty/],
    ['a lease shorter than 100 ms', 'gateway: { lease_ms: 50 }', /redis\.gateway\.lease_ms: must not be less than 100/],
    ['a misspelt key', 'gateway: { consumers: x }', /redis\.gateway\.consumers: is not a known field/],
  ])('refuses %s, naming the path', async (_what, line, message) => {
    const error = await parseConfig(`${BROKER}${REDIS}  ${line}\n`, { file: 'g.yaml', dotenv: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(message);
  });
});
