import type { Order } from '@silvertine/core';
import { ArgumentError, flag, parseArgv, stringOption } from '../cli/argv';
import { decodeClientOrderId, decodeSymbol } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT } from '../cli/exit-codes';
import { toUserError } from '../cli/error-handling';
import { formatOrder, toJson } from '../output/formatting';
import { BROKER_OPTIONS, withBroker } from './broker-session';

const OPTIONS = { ...BROKER_OPTIONS, all: { type: 'boolean' }, symbol: { type: 'string', value: '<symbol>' } } as const;

/** `silvertine cancel <clientOrderId>` and `silvertine cancel --all [--symbol S]` */
export const cancelCommand: CommandSpec = {
  name: 'cancel',
  usage: [
    'silvertine cancel <clientOrderId> [--broker <name>] [--config <file>] [--json]',
    'silvertine cancel --all [--symbol <symbol>] [--broker <name>] [--config <file>] [--json]',
  ],
  summary: 'Cancels one open order by its client order id, or every open order at the venue (--all). Prints each order as PENDING_CANCEL or CANCELED.',
  details: [
    'The order may have been placed by any earlier process: the venue is asked (its open orders are adopted at connect).',
    '--all cancels every open order of the broker (of one symbol with --symbol), one line per order, "FAILED" with the',
    "venue's reason for one that could not be canceled; the exit code is then 7. No open order: nothing printed, exit 0.",
  ],
  async run(args, io) {
    const parsed = parseArgv(args, OPTIONS);
    if (flag(parsed, 'all')) {
      refuseExtraArguments(cancelCommand, parsed.positionals, 0);
      const symbolText = stringOption(parsed, 'symbol');
      const symbol = symbolText === undefined ? undefined : decodeSymbol(symbolText, '--symbol');
      return withBroker(parsed, io, async ({ broker }) => {
        const results = await cancelEach(await broker.getOpenOrders(symbol), (id) => broker.cancelOrder(id));
        if (flag(parsed, 'json')) io.out(toJson(results.map((r) => ('order' in r ? { clientOrderId: r.clientOrderId, status: r.order.status, order: r.order } : r))));
        else for (const r of results) io.out('order' in r ? formatOrder(r.order) : `${r.clientOrderId}  FAILED  ${r.error}`);
        return results.some((r) => 'error' in r) ? EXIT.ORDER_REJECTED : EXIT.OK;
      });
    }
    if (stringOption(parsed, 'symbol') !== undefined) throw new ArgumentError('--symbol', 'goes with --all');
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

type CancelResult = { readonly clientOrderId: string; readonly order: Order } | { readonly clientOrderId: string; readonly status: 'FAILED'; readonly error: string };

/**
 * Cancels each order, one after the other (a venue's rate limit counts cancels like any request), and
 * records each outcome: one refused cancel does not stop the others.
 */
async function cancelEach(orders: readonly Order[], cancel: (clientOrderId: string) => Promise<Order>): Promise<CancelResult[]> {
  const results: CancelResult[] = [];
  for (const { clientOrderId } of orders) {
    try {
      results.push({ clientOrderId, order: await cancel(clientOrderId) });
    } catch (error) {
      results.push({ clientOrderId, status: 'FAILED', error: toUserError(error).message });
    }
  }
  return results;
}
