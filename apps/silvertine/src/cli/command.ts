import { ArgumentError } from './argv';
import type { CommandIo } from './command-io';

/** One `silvertine` subcommand: its usage (answered to --help) and what it does. */
export interface CommandSpec {
  readonly name: string;
  /** Usage lines, without the leading "usage: ". */
  readonly usage: readonly string[];
  /** One sentence for the command list. */
  readonly summary: string;
  /** Further help lines (options, examples) printed after the usage. */
  readonly details?: readonly string[];
  /** Runs the command on its arguments (everything after its name); resolves with the exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** The help text of one command. */
export function commandHelp(command: CommandSpec): string {
  const [first, ...rest] = command.usage;
  return [`usage: ${first}`, ...rest.map((line) => `       ${line}`), '', command.summary, ...(command.details?.length ? ['', ...command.details] : [])].join('\n');
}

/** Refuses positionals beyond the first `expected` ones, pointing at the usage. */
export function refuseExtraArguments(command: CommandSpec, positionals: readonly string[], expected: number): void {
  const extra = positionals[expected];
  if (extra !== undefined) throw new ArgumentError(JSON.stringify(extra), `is not an argument of ${command.name} (usage: ${command.usage[0]})`);
}
