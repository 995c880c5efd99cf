import { homedir } from 'node:os';
import * as path from 'node:path';
import { ConfigValidationError } from '../errors/config-issue';
import { parseConfig } from '../loading/config-loader';
import { resolveSafetyPaths } from './safety-paths';

const BROKER = 'brokers:\n  live: { type: test }\n';

describe('resilience: and redis: sections', () => {
  it('default to everything on, with files under ~/.silvertine (or $SILVERTINE_STATE_DIR)', async () => {
    const config = await parseConfig(BROKER, { dotenv: false, baseDir: '/etc/trading' });
    expect(config.resilience.enabled).toBeUndefined();
    expect(config.redis).toBeUndefined();
    expect(resolveSafetyPaths(config, {})).toEqual({
      stateDir: path.join(homedir(), '.silvertine'),
      journalFile: path.join(homedir(), '.silvertine', 'orders.journal'),
      killSwitchFile: path.join(homedir(), '.silvertine', 'kill-switch.json'),
    });
    expect(resolveSafetyPaths(config, { SILVERTINE_STATE_DIR: '/var/lib/st' }).journalFile).toBe('/var/lib/st/orders.journal');
  });

  it('read snake_case keys, resolve a relative state_dir against the config file', async () => {
    const yaml = `${BROKER}resilience:\n  state_dir: state\n  journal: { kind: file, path: j/orders.log, fsync: interval, fsync_interval_ms: 50 }\n  reconciliation: { on_reconnect: false }\n  kill_switch: { enabled: false }\nredis:\n  url: redis://127.0.0.1:6379\n  bridge: { enabled: true, prefix: "st:" }\n`;
    const config = await parseConfig(yaml, { dotenv: false, baseDir: '/etc/trading' });
    expect(config.resilience).toMatchObject({ stateDir: 'state', journal: { kind: 'file', fsync: 'interval', fsyncIntervalMs: 50 }, reconciliation: { onReconnect: false }, killSwitch: { enabled: false } });
    expect(config.redis).toMatchObject({ url: 'redis://127.0.0.1:6379', bridge: { enabled: true, prefix: 'st:' } });
    expect(resolveSafetyPaths(config).journalFile).toBe('/etc/trading/state/j/orders.log');
  });

  it.each([
    ['an unknown fsync policy', `${BROKER}resilience:\n  journal: { fsync: sometimes }\n`, /resilience\.journal\.fsync: must be one of the following values: always, interval, never/],
    ['a redis journal without redis:', `${BROKER}resilience:\n  journal: { kind: redis }\n`, /resilience\.journal\.kind: a redis journal needs the redis: section/],
    ['a redis url of another scheme', `${BROKER}redis:\n  url: http://127.0.0.1:6379\n`, /redis\.url: must start with redis:\/\//],
    ['a misspelt key', `${BROKER}resilience:\n  kill_swich: {}\n`, /resilience\.kill_swich: is not a known field/],
  ])('refuse %s, naming the path', async (_what, yaml, message) => {
    const error = await parseConfig(yaml, { file: 's.yaml', dotenv: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toMatch(message);
  });
});
