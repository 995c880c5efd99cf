import { flag, parseArgv } from '../cli/argv';
import { decodeClientOrderId } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT } from '../cli/exit-codes';
import { formatOrder, toJson } from '../output/formatting';
import { BROKER_OPTIONS, withBroker } from './broker-session';

/** `silvertine cancel <clientOrderId>` */
export const cancelCommand: CommandSpec = {
  name: 'cancel',
  usage: ['silvertine cancel <clientOrderId> [--broker <name>] [--config <file>] [--json]'],
  summary: 'Cancels one open order by its client order id. Prints the order as PENDING_CANCEL or CANCELED.',
  async run(args, io) {
    const parsed = parseArgv(args, BROKER_OPTIONS);
    const [idText] = parsed.positionals;
    refuseExtraArguments(cancelCommand, parsed.positionals, 1);
    const clientOrderId = decodeClientOrderId(idText);
    return withBroker(parsed, io, async ({ broker }) => {
      const order = await broker.cancelOrder(clientOrderId);
      io.out(flag(parsed, 'json') ? toJson(order) : formatOrder(order));
      return EXIT.OK;
    });
  },
};
