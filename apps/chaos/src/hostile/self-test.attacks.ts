import { createLogger } from '@silvertine/core';
import { BINANCE_API_SECRET } from '../harness/secrets';
import type { Attack } from './attack.types';

/**
 * Deliberately failing "attacks" that prove each oracle of the runner can fail: an uncaught error in a
 * deferred callback (a real crash), a blocked event loop (killed at its bound), a wrong state, an
 * untyped error, a secret written by a logger without redaction. Not part of the catalogue's table.
 */
export const SELF_TEST_ATTACKS: readonly Attack[] = [
  {
    id: 'selftest-crash', class: 'binance user-data frames', input: 'throws inside setImmediate', oracle: 'must be reported as a crash',
    run: () => new Promise<void>(() => setImmediate(() => {
      throw new TypeError("Cannot read properties of null (reading 'p')");
    })),
  },
  {
    id: 'selftest-block', class: 'binance user-data frames', input: 'a busy loop', oracle: 'must be reported as a hang', boundMs: 3_000,
    run: async () => {
      for (;;) Math.sqrt(Math.random());
    },
  },
  {
    id: 'selftest-wrong', class: 'binance user-data frames', input: 'reports a wrong state', oracle: 'must be reported as a wrong state change',
    run: async (ctx) => ctx.wrong('balance BTC changed: "free 1" → "free -5"'),
  },
  {
    id: 'selftest-untyped', class: 'config loading', input: 'an API throws a TypeError', oracle: 'must be reported as a crash',
    run: async (ctx) => ctx.untyped('loadConfig', new TypeError('targetType is not a constructor')),
  },
  {
    id: 'selftest-leak', class: 'monitoring server', input: 'a logger without redaction writes the secret to stderr', oracle: 'must be reported as a leak',
    run: async () => {
      createLogger({ level: 'info' }).info('connecting', { note: `using ${BINANCE_API_SECRET}` });
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  },
];
