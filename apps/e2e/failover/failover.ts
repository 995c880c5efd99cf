/**
 * `npx nx run e2e:failover [--args="--orders 1000 --strategies 3 --seed 1"]`: the multi-process failover
 * run (see failover-run.ts and docs/SCALE-OUT.md). Prints its figures; exits 1 unless every count is zero.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { formatResult, runFailover, type FailoverOptions } from './failover-run';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000' },
    strategies: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'lease-ms': { type: 'string', default: '2000' },
  },
});

const positive = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`failover: --${name} must be a positive integer, got ${text}\n`);
    process.exit(2);
  }
  return n;
};

const options: FailoverOptions = {
  orders: positive('orders', values.orders),
  strategies: positive('strategies', values.strategies),
  seed: positive('seed', values.seed),
  leaseMs: positive('lease-ms', values['lease-ms']),
  log: (line) => process.stdout.write(`[failover] ${line}\n`),
};

runFailover(options).then(
  (result) => {
    process.stdout.write(`\n${formatResult(result, options)}\n`);
    process.exit(result.ok ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`failover run failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
