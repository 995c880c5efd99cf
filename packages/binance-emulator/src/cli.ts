#!/usr/bin/env node
import { startBinanceEmulator } from './binance-emulator';
import { parseCliArgs, USAGE } from './cli-args';

/** CLI entry: starts the emulator, prints `listening on http://127.0.0.1:<port>` first, stops on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startBinanceEmulator(options);
  process.stdout.write(`listening on ${emulator.url}\n`);
  process.stdout.write(`websocket api ${emulator.wsUrl}/ws-api/v3, streams ${emulator.wsUrl}/ws/<stream>, control ${emulator.url}/emulator/…\n`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
