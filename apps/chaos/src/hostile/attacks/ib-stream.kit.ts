import { dec, type Order } from '@silvertine/core';
import { filter, firstValueFrom } from 'rxjs';
import { DEFAULT_CONTRACTS, commissionReport, executionData, startTwsEmulator, type TwsEmulator, type TwsOrder } from '@silvertine/tws-emulator';
import type { Attack, AttackContext } from '../attack.types';
import { closeWithin, settle, within } from '../attack-context';
import { IbProduct, stock } from '../products/ib-product';
import { compareStates } from '../products/product-state';
import { HostileTwsProxy } from '../venues/hostile-tws.proxy';

/** What an IB attack works with. */
export interface IbKit {
  readonly ctx: AttackContext;
  readonly tws: TwsEmulator;
  readonly proxy: HostileTwsProxy;
  readonly product: IbProduct;
  /** BUY 10 AAPL @ 140, resting (AAPL at 150). */
  readonly target: Order;
  /** The target as TWS holds it (orderId, permId, clientId). */
  readonly twsTarget: TwsOrder;
  /** BUY 5 MSFT @ 290, resting (MSFT at 300): filled honestly after the attack. */
  readonly barrier: Order;
  /** An EXECUTION_DATA message for the target, with fields replaced by `patch` (as strings, anything goes). */
  execution(patch?: ExecutionPatch): string[];
}

/** Fields of a forged execution, as wire strings. */
export interface ExecutionPatch {
  readonly execId?: string;
  readonly side?: string;
  readonly shares?: string;
  readonly price?: string;
  readonly cumQty?: string;
  readonly orderId?: string;
  readonly orderRef?: string;
  readonly symbol?: 'AAPL' | 'MSFT';
}

let forged = 0;

/** Builds a forged execution message from the emulator's own encoder, then overwrites fields. */
function forgeExecution(kit: Omit<IbKit, 'execution'>, patch: ExecutionPatch): string[] {
  const contract = DEFAULT_CONTRACTS.find((c) => c.symbol === (patch.symbol ?? 'AAPL') && c.secType === 'STK');
  if (!contract) throw new Error(`no ${patch.symbol} in the emulator's contracts`);
  const execId = patch.execId ?? `0000forged.${process.pid}.${++forged}.01`;
  const tokens = executionData(-1, {
    orderId: kit.twsTarget.orderId, contract, execId, time: '20261205 15:00:00 UTC', account: kit.twsTarget.account, exchange: 'NASDAQ', side: 'BOT',
    shares: dec(1), price: dec(140), permId: kit.twsTarget.permId, clientId: kit.twsTarget.clientId, cumQty: dec(1), avgPrice: dec(140),
    orderRef: kit.target.clientOrderId, lastLiquidity: 1,
  });
  const i = tokens.indexOf(execId);
  const set = (offset: number, value: string | undefined) => value !== undefined && (tokens[i + offset] = value);
  set(4, patch.side);
  set(5, patch.shares);
  set(6, patch.price);
  set(10, patch.cumQty);
  set(12, patch.orderRef);
  if (patch.orderId !== undefined) tokens[2] = patch.orderId;
  return tokens;
}

/** Injects a forged execution and its commission report. */
export function injectExecution(kit: IbKit, patch: ExecutionPatch = {}): void {
  const message = kit.execution(patch);
  kit.proxy.injectMessage(message);
  kit.proxy.injectMessage(commissionReport(message[message.indexOf('20261205 15:00:00 UTC') - 1], dec('1'), 'USD'));
}

/** An honest partial fill of the target: 3 of 10 shares (the ask drops to 139.50 for 3). */
export async function honestPartial(kit: IbKit): Promise<void> {
  kit.tws.setQuote('AAPL', { bid: '139.49', ask: '139.50', askSize: 3, bidSize: 3, last: '139.50' });
  await kit.product.fillOf(kit.target.clientOrderId, 5_000, 'the honest partial fill to be applied');
  kit.tws.setPrice('AAPL', 150);
}

/**
 * The flow of an IB attack: TWS emulator behind the hostile proxy, the product from YAML, a target and a
 * barrier order resting; `prepare`; snapshot; `inject`; fill the barrier honestly (after a corrupt
 * stream the broker must notice, reconnect and replay executions to see it); snapshot; then a new order
 * must be ACCEPTED (never UNKNOWN while the broker says CONNECTED over a dead stream).
 */
async function ibAttack(ctx: AttackContext, inject: (kit: IbKit) => void | Promise<void>, options: IbOptions): Promise<void> {
  const tws = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  tws.setPrice('AAPL', 150);
  tws.setPrice('MSFT', 300);
  const proxy = await HostileTwsProxy.start(tws.port);
  let product: IbProduct | undefined;
  try {
    // The emulator's own fault controls write to the client's socket: no proxy in between then.
    const p = await IbProduct.start(ctx, options.direct ? tws.port : proxy.port);
    product = p;
    const target = await product.resting('AAPL', 'BUY', 10, '140');
    const barrier = await product.resting('MSFT', 'BUY', 5, '290');
    const twsTarget = tws.orders().find((o) => o.orderRef === target.clientOrderId);
    if (!twsTarget) throw new Error('TWS has no record of the target order');
    const base = { ctx, tws, proxy, product, target, twsTarget, barrier };
    const kit: IbKit = { ...base, execution: (patch = {}) => forgeExecution(base, patch) };
    await options.prepare?.(kit);
    const ids = [target.clientOrderId];
    const before = await product.state(ids);
    const errorsBefore = product.events.errors.length;
    await inject(kit);
    tws.setPrice('MSFT', 289);
    await product.fillOf(barrier.clientOrderId, 10_000, 'an honest fill after the attack to be applied (the broker still reads TWS)');
    compareStates(ctx, before, await product.state(ids), {}, (key) => key.includes('MSFT') || p.events.fills.some((f) => f.clientOrderId === barrier.clientOrderId && key === `fill ${f.tradeId}`));
    await stillTrades(ctx, product);
    if (options.reported === 'contradiction' && product.events.errorsSince(errorsBefore, ['VENUE_CONTRADICTION']).length === 0) ctx.unreported('no VENUE_CONTRADICTION error event');
    if (options.reported === 'payload' && product.events.errorsSince(errorsBefore, ['VENUE_PAYLOAD', 'VENUE_CONTRADICTION']).length === 0) ctx.unreported('no VENUE_PAYLOAD error event');
  } finally {
    const opened = product;
    if (opened) await closeWithin(ctx, 'closing the IB product', 5_000, () => opened.close());
    await proxy.close();
    await tws.close();
  }
}

/**
 * The broker is CONNECTED again within 8 s, and a new order on the other instrument (the attacked one
 * may rightly be blocked until reconciliation) placed at once is ACCEPTED within 5 s: it reads TWS
 * again. While the safety stack's reconciliation (after the reconnect, or started by a contradicting
 * fill) still runs, the order waits for it, journaled and not sent, instead of being refused.
 */
async function stillTrades(ctx: AttackContext, product: IbProduct): Promise<void> {
  if (product.broker.state !== 'CONNECTED') {
    await within(ctx, 8_000, 'the broker to report CONNECTED again', firstValueFrom(product.broker.state$.pipe(filter((s) => s === 'CONNECTED'))));
  }
  const state = product.broker.state;
  const id = `ibafter${process.pid}`;
  const placed = await settle(ctx, 'placeOrder after the attack', 6_000, () =>
    product.broker.placeOrder({ clientOrderId: id, instrument: stock('MSFT'), side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec('250'), timeInForce: 'GTC' }));
  const accepted = placed.ok && (await product.events.settledOrder(product.broker, id, (o) => o.status === 'ACCEPTED', 5_000));
  if (!accepted) {
    const o = await product.broker.getOrder(id);
    ctx.wrong(`a new order after the attack ended ${o?.status ?? 'refused'} while the broker reported ${state}${placed.ok ? '' : ` (${String(placed.error).slice(0, 120)})`}`);
  }
}

/** Options of an IB attack. */
export interface IbOptions {
  readonly reported?: 'payload' | 'contradiction' | 'none';
  /** Connect straight to the emulator (its fault controls inject), not through the hostile proxy. */
  readonly direct?: boolean;
  readonly prepare?: (kit: IbKit) => Promise<void>;
  readonly fast?: boolean;
  readonly oracle?: string;
}

/** An attack on the TWS stream. */
export function ibAttackOf(id: string, input: string, inject: (kit: IbKit) => void | Promise<void>, options: IbOptions = {}): Attack {
  return {
    id, class: 'ib TWS stream', input, fast: options.fast, boundMs: 30_000,
    oracle: options.oracle ?? 'process alive; orders, fills and positions unchanged; an honest fill afterwards is applied; a new order is ACCEPTED; no secret anywhere',
    run: (ctx) => ibAttack(ctx, inject, options),
  };
}
