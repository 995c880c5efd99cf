import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { CommandIo } from '../cli/command-io';
import { EXIT, UserError } from '../cli/exit-codes';

const EMULATORS: Record<string, string> = {
  binance: '@silvertine/binance-emulator',
  ib: '@silvertine/tws-emulator',
};

/**
 * `silvertine emulate binance|ib [options]`: runs the emulator's own CLI in the foreground, passing the
 * options through (see each emulator's README), so offline work needs no separate install step.
 */
export async function emulateCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [which, ...rest] = args;
  const pkg = which ? EMULATORS[which] : undefined;
  if (!pkg) throw new UserError(`usage: silvertine emulate ${Object.keys(EMULATORS).join('|')} [emulator options]`, EXIT.USAGE);
  let cli: string;
  try {
    cli = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'cli.js');
  } catch {
    throw new UserError(`the ${which} emulator is not installed: install ${pkg}`, EXIT.PLUGIN_MISSING);
  }
  const child = spawn(process.execPath, [cli, ...rest], { stdio: 'inherit' });
  const forward = () => child.kill('SIGINT');
  io.onInterrupt(forward);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  io.offInterrupt(forward);
  return code;
}
