import { parseArgs } from 'node:util';
import { EXIT, UserError } from './exit-codes';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  env: { type: 'string' },
  broker: { type: 'string', short: 'b' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A parsed command line: the common options typed, the command's own by name. */
export interface ParsedCommand {
  readonly values: { readonly config?: string; readonly env?: string; readonly broker?: string; readonly help?: boolean } & Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: string[];
}

/** Parses a command's arguments, turning node's parse errors into a usage error (exit 2). */
export function parseCommand(args: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error), EXIT.USAGE);
  }
}

export const USAGE = `silvertine — a broker layer for algorithmic trading

Usage:
  silvertine run [--config <file>] [--env <name>] [--duration <seconds>] [--no-monitoring] [--serve | --exit] [--json]
  silvertine order buy|sell <symbol> <qty> [--limit <price>] [--stop <price>] [--broker <name>] [--config <file>]
  silvertine cancel <clientOrderId> [--broker <name>] [--config <file>]
  silvertine orders|positions|balances|account [--broker <name>] [--config <file>]
  silvertine config validate <file>
  silvertine config template <type>
  silvertine emulate binance|ib [emulator options]

Without --config the embedded default is used: one paper broker on a seeded synthetic market,
no credentials and no external service.

Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid config, 4 unknown broker, 5 venue unreachable,
6 missing credentials, 7 order rejected, 8 plugin missing.`;
