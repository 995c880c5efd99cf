import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** An emulator running in a child process, as a venue would: its CPU is not the client's. */
export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>`, from the CLI's first line. */
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `binance-emulator` in a child process with the CLI `args` (for example `['--port', '0',
 * '--symbols', 'BTCUSDT']`) and resolves once it prints `listening on <url>`. The child runs with
 * `nodeArgs`, by default this process's Node options (`process.execArgv`), so a caller running
 * TypeScript through a require hook starts the emulator's TypeScript source the same way, and a built
 * install starts `dist/cli.js`.
 * Benchmarks use it so that client and venue do not share one event loop.
 */
export async function spawnBinanceEmulator(args: readonly string[], options: { readonly nodeArgs?: readonly string[] } = {}): Promise<EmulatorProcess> {
  const cli = require.resolve('./cli');
  const nodeArgs = options.nodeArgs ?? process.execArgv;
  const child = spawn(process.execPath, [...nodeArgs, cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`binance-emulator exited with code ${code} before listening`)));
  });
  const line = await firstLine;
  const url = /listening on (\S+)/.exec(line)?.[1];
  if (!url) {
    child.kill('SIGTERM');
    throw new Error(`unexpected binance-emulator output: ${line}`);
  }
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
