import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Attack, AttackContext } from '../attack.types';
import { binanceEnv, binanceYaml } from '../products/binance-product';
import { CliProcess, judgeFailingCli } from '../products/cli-process';
import { HostileBinanceVenue, json, type RestOverride } from '../venues/hostile-binance.venue';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes the Binance YAML beside the attack and returns its path. */
function writeConfig(ctx: AttackContext): string {
  const file = join(ctx.tmpDir, 'binance.yaml');
  writeFileSync(file, binanceYaml({ marketData: false }));
  return file;
}

/** `silvertine <args>` against a Binance that does not answer: it must fail with a message and a non-zero code. */
function unreachable(id: string, args: readonly string[], fast = false): Attack {
  return {
    id, class: 'binance CLI', input: `silvertine ${args.join(' ')} with Binance unreachable`, fast, boundMs: 50_000,
    oracle: 'exits non-zero (not 0, not an internal error) before the 40 s safety net with a message on stderr; no secret in its output',
    run: async (ctx) => {
      const port = await closedPort();
      const env = binanceEnv({ url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` });
      judgeFailingCli(ctx, args[0], await CliProcess.run(ctx, [...args, '--config', writeConfig(ctx)], env));
    },
  };
}

/** `silvertine <args>` against the hostile venue answering `path` with `answer`. */
function hostile(id: string, input: string, args: readonly string[], method: string, path: string, answer: RestOverride, check?: (ctx: AttackContext, stdout: string) => void): Attack {
  return {
    id, class: 'binance CLI', input: `silvertine ${args.join(' ')}: ${input}`, boundMs: 50_000,
    oracle: 'exits non-zero with a message (no internal error) before the 40 s safety net; prints no success; no secret in its output',
    run: async (ctx) => {
      const venue = await HostileBinanceVenue.start();
      try {
        venue.override(method, path, answer, 10);
        const r = await CliProcess.run(ctx, [...args, '--config', writeConfig(ctx)], binanceEnv(venue));
        judgeFailingCli(ctx, args[0], r);
        check?.(ctx, r.stdout);
      } finally {
        for (const s of venue.signatures) ctx.addSecret(s);
        await venue.close();
      }
    },
  };
}

/** The command-line path: unreachable venue for every command, and hostile answers to reads and orders. */
export const BINANCE_CLI_ATTACKS: readonly Attack[] = [
  unreachable('cli-balances-unreachable', ['balances'], true),
  unreachable('cli-positions-unreachable', ['positions']),
  unreachable('cli-orders-unreachable', ['orders']),
  unreachable('cli-account-unreachable', ['account']),
  unreachable('cli-order-unreachable', ['order', 'buy', 'BTCUSDT', '0.002', '--limit', '40000']),
  unreachable('cli-cancel-unreachable', ['cancel', 'someOrderId1']),
  hostile('cli-balances-malformed', 'the account answer has `balances: null`', ['balances'], 'GET', '/api/v3/account', (_r, res) => json(res, 200, { balances: null })),
  hostile('cli-order-200-error', 'the order is answered HTTP 200 with a -2010 error body', ['order', 'buy', 'BTCUSDT', '0.002', '--limit', '40000'], 'POST', '/api/v3/order',
    (_r, res) => json(res, 200, { code: -2010, msg: 'Account has insufficient balance for requested action.' }),
    (ctx, stdout) => void (/ACCEPTED/.test(stdout) && ctx.wrong(`printed an accepted order: ${stdout.trim().slice(0, 160)}`))),
  hostile('cli-connect-exchange-garbage', 'exchangeInfo answered with `{"symbols":null}`', ['positions'], 'GET', '/api/v3/exchangeInfo', (_r, res) => json(res, 200, { symbols: null })),
];
