import { DEFAULT_VENUE_PROFILE, formatRecoveryTable, runShadowRecovery } from './shadow-recovery';

/**
 * `npx nx run e2e:shadow [-- --orders <n>]`: a shadow session of n MARKET orders (default 1,000) against a
 * Binance emulator with its own slippage, latency and partial-fill profile, then the configured and the
 * recovered parameters side by side. Exits 1 when any disagrees beyond its tolerance, 2 on bad arguments.
 * `--screenshot <png>` also runs the session with monitoring on and photographs its dashboard.
 */
async function main(argv: readonly string[]): Promise<number> {
  let orders = 1_000;
  let screenshot: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--screenshot' && argv[i + 1] !== undefined) {
      screenshot = argv[++i];
      continue;
    }
    const value = arg.startsWith('--orders=') ? arg.slice('--orders='.length) : arg === '--orders' ? argv[++i] : undefined;
    if (value === undefined || !/^\d{1,6}$/.test(value) || Number(value) < 10) {
      process.stderr.write(`usage: e2e:shadow [--orders <n>=10..999999] [--screenshot <png>] (got ${JSON.stringify(arg)})\n`);
      return 2;
    }
    orders = Number(value);
  }
  const started = Date.now();
  const result = await runShadowRecovery({ orders, screenshot, venue: DEFAULT_VENUE_PROFILE, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`\n${result.summary}\n\n`);
  process.stdout.write(`Configured venue vs recovered from the shadow report (${orders} orders, ${((Date.now() - started) / 1000).toFixed(0)} s):\n`);
  process.stdout.write(`${formatRecoveryTable(result.rows)}\n`);
  process.stdout.write(result.ok ? '\ne2e:shadow: every parameter recovered within its tolerance\n' : '\ne2e:shadow: FAILED, a parameter disagrees beyond its tolerance\n');
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`e2e:shadow: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
