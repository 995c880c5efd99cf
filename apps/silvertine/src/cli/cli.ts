import { cancelCommand, orderCommand, queryCommand } from '../commands/broker.commands';
import { configCommand } from '../commands/config.commands';
import { emulateCommand } from '../commands/emulate.command';
import { runCommand } from '../commands/run.command';
import { USAGE } from './arguments';
import type { CommandIo } from './command-io';
import { toUserError } from './error-handling';
import { EXIT } from './exit-codes';

type Command = (args: readonly string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  order: orderCommand,
  cancel: cancelCommand,
  orders: (args, io) => queryCommand('orders', args, io),
  positions: (args, io) => queryCommand('positions', args, io),
  balances: (args, io) => queryCommand('balances', args, io),
  account: (args, io) => queryCommand('account', args, io),
  config: configCommand,
  emulate: emulateCommand,
};

/** Runs one command line; returns the exit code (never throws). */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`silvertine: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  try {
    return await command(args, io);
  } catch (error) {
    const userError = toUserError(error);
    io.err(`silvertine ${name}: ${userError.message}`);
    return userError.exitCode;
  }
}
