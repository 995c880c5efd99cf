import { cancelCommand } from '../commands/cancel.command';
import { configCommand } from '../commands/config.commands';
import { emulateCommand } from '../commands/emulate.command';
import { gatewayCommand } from '../commands/gateway.command';
import { killSwitchCommand } from '../commands/kill-switch.command';
import { orderCommand } from '../commands/order.command';
import { QUERY_COMMANDS } from '../commands/query.commands';
import { runCommand } from '../commands/run.command';
import { shadowCommand } from '../commands/shadow.command';
import { tickerCommand } from '../commands/ticker.command';
import { asksForHelp } from './argv';
import { commandHelp, type CommandSpec } from './command';
import type { CommandIo } from './command-io';
import { toUserError } from './error-handling';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';

/** Every subcommand, in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = [runCommand, gatewayCommand, orderCommand, cancelCommand, ...QUERY_COMMANDS, tickerCommand, killSwitchCommand, shadowCommand, configCommand, emulateCommand];

/** The top-level help: every command's usage. */
export function usage(): string {
  const lines = COMMANDS.flatMap((c) => c.usage.map((u) => `  ${u}`));
  return [
    'silvertine — a broker layer for algorithmic trading',
    '',
    'Usage:',
    ...lines,
    '',
    'silvertine <command> --help shows what a command does and its options.',
    'Without --config the embedded default is used: one paper broker replaying a sample of BTCUSDT klines,',
    'no credentials and no external service.',
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/**
 * Runs one command line; resolves with the exit code and never rejects. Every failure ends as one line
 * on stderr, `silvertine <command>: <message>`, and a non-zero code (see EXIT).
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT.USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? args[0] : undefined;
    const command = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic);
    if (topic !== undefined && !command) {
      io.err(`silvertine: unknown command "${topic}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
      return EXIT.USAGE;
    }
    io.out(command ? commandHelp(command) : usage());
    return EXIT.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`silvertine: unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (silvertine --help)`);
    return EXIT.USAGE;
  }
  if (asksForHelp(args)) {
    io.out(commandHelp(command));
    return EXIT.OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const userError = toUserError(error);
    io.err(`silvertine ${name}: ${oneLine(userError.message)}`);
    return userError.exitCode;
  }
}

/** A message on one line: config errors list one issue per line, which become "; "-separated. */
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
}
