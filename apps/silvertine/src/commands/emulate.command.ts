import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CommandSpec } from '../cli/command';
import { EXIT, UserError } from '../cli/exit-codes';
import { decodePort } from '../cli/argument-decoders';

interface Emulator {
  readonly pkg: string;
  /** The port the shipped configuration of this venue expects (used unless --port is given). */
  readonly port: number;
  readonly config: string;
  /** Options added unless given: an account to trade with at once (the emulator's own default is empty). */
  readonly defaults: Readonly<Record<string, string>>;
}

const EMULATORS: Readonly<Record<string, Emulator>> = {
  binance: {
    pkg: '@silvertine/binance-emulator', port: 8765, config: 'config/exchanges/binance-emulator.yaml',
    defaults: { '--balances': 'USDT=100000,BTC=1', '--price': 'BTCUSDT=50000' },
  },
  ib: { pkg: '@silvertine/tws-emulator', port: 7497, config: 'config/exchanges/ib-paper.yaml', defaults: {} },
};

/**
 * `silvertine emulate binance|ib [options]`: runs the emulator's own CLI in the foreground on the port
 * the shipped configuration expects (8765 for Binance, 7497 for IB) unless `--port` says otherwise, and
 * passes every other option through (see each emulator's README).
 */
export const emulateCommand: CommandSpec = {
  name: 'emulate',
  usage: ['silvertine emulate binance|ib [--port <n>] [emulator options]'],
  summary: 'Runs a venue emulator on loopback in the foreground (Ctrl-C stops it), for work without an account.',
  details: [
    'binance: Binance Spot REST + WebSocket API on 127.0.0.1:8765 (config/exchanges/binance-emulator.yaml),',
    '         an account of 100000 USDT and 1 BTC, BTCUSDT at 50000 unless --balances / --price say otherwise.',
    '         options: --symbols A,B  --balances X=n,Y=m  --price S=p  --api-key k  --api-secret s',
    'ib:      TWS protocol on 127.0.0.1:7497 (config/exchanges/ib-paper.yaml).',
    '         options: --accounts DU1234567  --cash USD=1000000  --no-stdin',
    '--port 0 picks a free port; the emulator prints "listening on ..." first.',
  ],
  async run(args, io) {
    const [which, ...rest] = args;
    const emulator = which ? EMULATORS[which] : undefined;
    if (!emulator) throw new UserError(`usage: ${emulateCommand.usage[0]}`, EXIT.USAGE);
    const portAt = rest.findIndex((a) => a === '--port' || a.startsWith('--port='));
    if (portAt !== -1) decodePort(rest[portAt].includes('=') ? rest[portAt].slice('--port='.length) : rest[portAt + 1], '--port');
    const given = (flag: string) => rest.some((a) => a === flag || a.startsWith(`${flag}=`));
    const added = Object.entries({ ...(portAt === -1 && { '--port': String(emulator.port) }), ...emulator.defaults }).filter(([flag]) => !given(flag));
    const options = [...added.flat(), ...rest];
    const cli = emulatorCli(which, emulator);
    if (added.length) io.err(`silvertine emulate ${which}: ${added.map(([f, v]) => `${f} ${v}`).join(' ')}${portAt === -1 ? ` (the port ${emulator.config} expects)` : ''}`);
    // the same Node options: from the sources (a TypeScript loader among them) the sources are run
    const child = spawn(process.execPath, [...process.execArgv, cli, ...options], { stdio: 'inherit' });
    const forward = () => child.kill('SIGINT');
    io.onInterrupt(forward);
    try {
      return await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve(code ?? (signal ? EXIT.OK : EXIT.INTERNAL)));
      });
    } finally {
      io.offInterrupt(forward);
    }
  },
};

/** The emulator's CLI: its build, or its source when this process itself runs from TypeScript sources. */
function emulatorCli(which: string, emulator: Emulator): string {
  let root: string;
  try {
    root = path.dirname(require.resolve(`${emulator.pkg}/package.json`));
  } catch {
    throw new UserError(`the ${which} emulator is not installed: install ${emulator.pkg}`, EXIT.PLUGIN_MISSING);
  }
  const built = path.join(root, 'dist', 'cli.js');
  if (existsSync(built)) return built;
  const source = path.join(root, 'src', 'cli.ts');
  if (require.extensions['.ts'] && existsSync(source)) return source;
  throw new UserError(`the ${which} emulator is not built: run npx nx run ${path.basename(root)}:build`, EXIT.PLUGIN_MISSING);
}
