import { dec, type Decimal, type Instrument, type Order } from '@silvertine/core';
import { AppContext } from '../composition/app-context';
import { parseCommand } from '../cli/arguments';
import type { CommandIo } from '../cli/command-io';
import { EXIT, UserError } from '../cli/exit-codes';

/** Runs `action` against a connected broker from the configuration, always disconnecting after. */
async function withBroker<T>(values: { config?: string; env?: string; broker?: string }, io: CommandIo, action: (app: AppContext, brokerName: string) => Promise<T>): Promise<T> {
  const app = await AppContext.create({ configPath: values.config, environment: values.env, monitoring: false, logger: io.logger });
  try {
    const name = values.broker ?? app.factory.enabledNames()[0];
    await app.broker(name);
    return await action(app, name);
  } finally {
    await app.close();
  }
}

function decimalArg(text: string | undefined, what: string): Decimal | undefined {
  if (text === undefined) return undefined;
  let value: Decimal | undefined;
  try {
    value = dec(text);
  } catch {
    value = undefined;
  }
  if (!value || !value.isPositive()) throw new UserError(`${what} must be a positive decimal number, got "${text}"`, EXIT.USAGE);
  return value;
}

function formatOrder(o: Order): string {
  const r = o.request;
  const price = r.limitPrice ?? r.stopPrice;
  return `${o.clientOrderId}  ${o.status}  ${r.side} ${r.quantity} ${r.instrument.symbol} ${r.type}${price ? ` @ ${price}` : ''}  filled ${o.filledQuantity}${o.averageFillPrice ? ` avg ${o.averageFillPrice}` : ''}${o.rejectReason ? `  (${o.rejectReason})` : ''}`;
}

/** `silvertine order buy|sell <symbol> <qty> [--limit p] [--stop p]` */
export async function orderCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { limit: { type: 'string' }, stop: { type: 'string' } });
  const [sideText, symbol, qtyText] = positionals;
  if (!sideText || !symbol || !qtyText || !['buy', 'sell'].includes(sideText.toLowerCase())) {
    throw new UserError('usage: silvertine order buy|sell <symbol> <qty> [--limit <price>] [--stop <price>] [--broker <name>]', EXIT.USAGE);
  }
  const quantity = decimalArg(qtyText, 'quantity')!;
  const limitPrice = decimalArg(values.limit as string | undefined, '--limit');
  const stopPrice = decimalArg(values.stop as string | undefined, '--stop');
  const type = limitPrice && stopPrice ? 'STOP_LIMIT' : limitPrice ? 'LIMIT' : stopPrice ? 'STOP' : 'MARKET';
  return withBroker(values, io, async (app, name) => {
    const broker = await app.broker(name);
    const instrument = instrumentFrom(app, name, symbol.toUpperCase());
    const order = await broker.placeOrder({ instrument, side: sideText.toUpperCase() as 'BUY' | 'SELL', type, quantity, limitPrice, stopPrice });
    io.out(formatOrder(order));
    return EXIT.OK;
  });
}

/** `silvertine cancel <clientOrderId>` */
export async function cancelCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (!positionals[0]) throw new UserError('usage: silvertine cancel <clientOrderId> [--broker <name>]', EXIT.USAGE);
  return withBroker(values, io, async (app, name) => {
    io.out(formatOrder(await (await app.broker(name)).cancelOrder(positionals[0])));
    return EXIT.OK;
  });
}

/** `silvertine orders|positions|balances|account` */
export async function queryCommand(what: 'orders' | 'positions' | 'balances' | 'account', args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseCommand(args, {});
  return withBroker(values, io, async (app, name) => {
    const broker = await app.broker(name);
    if (what === 'orders') for (const o of await broker.getOpenOrders()) io.out(formatOrder(o));
    if (what === 'positions') for (const p of await broker.getPositions()) io.out(`${p.instrument.symbol}  ${p.quantity} @ ${p.averagePrice}  realized ${p.realizedPnl}  unrealized ${p.unrealizedPnl}`);
    if (what === 'balances') for (const b of await broker.getBalances()) io.out(`${b.asset}  free ${b.free}  locked ${b.locked}  total ${b.total}`);
    if (what === 'account') io.out(JSON.stringify(await broker.getAccountInfo(), null, 2));
    return EXIT.OK;
  });
}

function instrumentFrom(app: AppContext, name: string, symbol: string): Instrument {
  // Venue adapters know their instruments (Binance from exchangeInfo); paper from its config.
  const fromVenue = (app.factory.get(name) as { instrument?(s: string): Instrument | undefined } | undefined)?.instrument?.(symbol);
  if (fromVenue) return fromVenue;
  const config = app.factory.configOf(name) as { instruments?: readonly Instrument[] };
  const found = config.instruments?.find((i) => i.symbol === symbol);
  if (!found) {
    const known = (config.instruments ?? []).map((i) => i.symbol).join(', ');
    throw new UserError(`broker ${name} has no instrument ${symbol}${known ? `; configured: ${known}` : ''}`, EXIT.USAGE);
  }
  return found;
}
