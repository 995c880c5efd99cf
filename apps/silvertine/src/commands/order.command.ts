import type { Instrument, OrderType } from '@silvertine/core';
import { flag, parseArgv, stringOption } from '../cli/argv';
import { decodePositiveDecimal, decodeSide, decodeSymbol } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT, UserError } from '../cli/exit-codes';
import { formatOrder, toJson } from '../output/formatting';
import { BROKER_OPTIONS, withBroker, type BrokerSession } from './broker-session';

const OPTIONS = { ...BROKER_OPTIONS, limit: { type: 'string', value: '<price>' }, stop: { type: 'string', value: '<price>' } } as const;

/** `silvertine order buy|sell <symbol> <qty> [--limit p] [--stop p]` */
export const orderCommand: CommandSpec = {
  name: 'order',
  usage: ['silvertine order buy|sell <symbol> <quantity> [--limit <price>] [--stop <price>] [--broker <name>] [--config <file>] [--json]'],
  summary: 'Places one order: MARKET, or LIMIT with --limit, STOP with --stop, STOP_LIMIT with both. Prints the order as acknowledged.',
  details: ['Quantities and prices are exact decimals ("0.01", "40000.5"); the symbol is looked up on the broker (exchangeInfo, contract details, or the paper config).'],
  async run(args, io) {
    const parsed = parseArgv(args, OPTIONS);
    const [sideText, symbolText, quantityText] = parsed.positionals;
    refuseExtraArguments(orderCommand, parsed.positionals, 3);
    const side = decodeSide(sideText);
    const symbol = decodeSymbol(symbolText);
    const quantity = decodePositiveDecimal(quantityText, 'quantity');
    const limit = stringOption(parsed, 'limit');
    const stop = stringOption(parsed, 'stop');
    const limitPrice = limit === undefined ? undefined : decodePositiveDecimal(limit, '--limit');
    const stopPrice = stop === undefined ? undefined : decodePositiveDecimal(stop, '--stop');
    const type: OrderType = limitPrice && stopPrice ? 'STOP_LIMIT' : limitPrice ? 'LIMIT' : stopPrice ? 'STOP' : 'MARKET';
    return withBroker(parsed, io, async (session) => {
      const instrument = await instrumentOf(session, symbol);
      const order = await session.broker.placeOrder({ instrument, side, type, quantity, limitPrice, stopPrice });
      io.out(flag(parsed, 'json') ? toJson(order) : formatOrder(order));
      return EXIT.OK;
    });
  },
};

/** The instrument through the broker's InstrumentProvider port (every broker offers it). */
export async function instrumentOf({ broker, name }: BrokerSession, symbol: string): Promise<Instrument> {
  const instrument = await broker.instrument(symbol);
  if (instrument) return instrument;
  const known = (await broker.instruments()).map((i) => i.symbol);
  const listed = known.length > 20 ? `${known.slice(0, 20).join(', ')}, … (${known.length})` : known.join(', ');
  throw new UserError(`broker ${name} has no instrument ${symbol}${listed ? `; known: ${listed}` : ''}`, EXIT.USAGE);
}
