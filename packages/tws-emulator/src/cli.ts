#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { runControlCommand } from './control/control-commands';
import { startTwsEmulator } from './server/tws-emulator.server';

const USAGE = `usage: tws-emulator [--port <p>] [--accounts DU1234567,DU7654321] [--cash USD=1000000[,EUR=50000]] [--no-stdin]
Prints "listening on 127.0.0.1:<port>" first; then reads control commands on stdin (type "help").`;

/** Parses argv; exported for tests. */
export function parseArgs(argv: readonly string[]): { port: number; accounts: string[]; cash: Record<string, string>; stdin: boolean } {
  const out = { port: 0, accounts: ['DU1234567'], cash: {} as Record<string, string>, stdin: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') out.port = Number(value());
    else if (flag === '--accounts') out.accounts = value().split(',').filter(Boolean);
    else if (flag === '--cash') {
      for (const pair of value().split(',')) {
        const [ccy, amount] = pair.split('=');
        if (!ccy || !amount) throw new Error(`bad --cash "${pair}"`);
        out.cash[ccy.toUpperCase()] = amount;
      }
    } else if (flag === '--no-stdin') out.stdin = false;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error(`bad --port`);
  if (Object.keys(out.cash).length === 0) out.cash = { USD: '1000000' };
  return out;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const emulator = await startTwsEmulator({ port: args.port, accounts: args.accounts, cash: args.cash });
  process.stdout.write(`listening on ${emulator.host}:${emulator.port}\n`);
  const shutdown = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (!args.stdin) return;
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    runControlCommand(emulator, line)
      .then((reply) => reply && process.stdout.write(`${reply}\n`))
      .catch((e: Error) => process.stdout.write(`error: ${e.message}\n`));
  });
  // stdin closing (e.g. the parent test process ends the pipe) keeps the emulator up: only signals stop it
}

/** Runs the command line (bin/tws-emulator.js calls it; so does running this file directly). */
export function run(): void {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}

if (require.main === module) run();
