import type { Order } from '@silvertine/core';
import type { Attack, AttackClass, AttackContext } from '../attack.types';
import { BinanceProduct, type BinanceProductOptions } from '../products/binance-product';
import { compareStates } from '../products/product-state';
import { HostileBinanceVenue } from '../venues/hostile-binance.venue';

/** What a stream attack works with: the venue, the product, the order under attack and the barrier order. */
export interface StreamKit {
  readonly ctx: AttackContext;
  readonly venue: HostileBinanceVenue;
  readonly product: BinanceProduct;
  /** BUY 0.002 BTCUSDT @ 40000, resting (ACCEPTED). */
  readonly target: Order;
  /** BUY 0.01 ETHUSDT @ 2900, resting: filled honestly after the attack (see BinanceProduct.barrier). */
  readonly barrier: Order;
  /** A report the venue would send for the target (all fields), to corrupt. */
  report(execution?: string): Record<string, unknown>;
  /** A TRADE report of `qty` at `price` for the target that the venue did not record (hostile). */
  trade(qty: string, price: string, patch?: Record<string, unknown>): Record<string, unknown>;
}

/** Options of a stream attack. */
export interface StreamOptions {
  /** How the refusal must surface (default: a payload error or the counter). */
  readonly reported?: Reported;
  /** Honest steps before the snapshot (their effects are expected). */
  readonly prepare?: (kit: StreamKit) => Promise<void>;
  /** Extra checks after the comparison. */
  readonly after?: (kit: StreamKit) => void;
  readonly product?: BinanceProductOptions;
}

/** How the broker must have reported a refused message. */
export type Reported = 'payload' | 'contradiction' | 'none';

let hostileTradeId = 900_000;

/**
 * The common flow of a hostile user-data frame: connect the product (YAML → BrokerFactory) to the
 * hostile venue, rest a target and a barrier order, run `prepare` (honest steps whose effect is
 * expected), snapshot, `inject` the hostile frames, fill the barrier honestly and wait for it (the
 * broker still handles frames and trades), snapshot again. Nothing may differ but the barrier's own
 * keys; a refused message must surface as a typed error or the rejected-messages counter.
 */
export async function streamAttack(
  ctx: AttackContext,
  inject: (kit: StreamKit) => void | Promise<void>,
  options: StreamOptions = {},
): Promise<void> {
  const venue = await HostileBinanceVenue.start();
  let product: BinanceProduct | undefined;
  try {
    product = await BinanceProduct.start(ctx, venue, { marketData: false, ...options.product });
    const target = await product.resting('BTCUSDT', 'BUY', '0.002', '40000');
    const barrier = await product.resting('ETHUSDT', 'BUY', '0.01', '2900');
    const kit: StreamKit = {
      ctx, venue, product, target, barrier,
      report: (execution = 'NEW') => venue.report(target.clientOrderId, execution),
      trade: (qty, price, patch = {}) => ({ ...venue.report(target.clientOrderId, 'TRADE'), X: 'PARTIALLY_FILLED', l: qty, z: qty, L: price, n: '0', N: 'USDT', t: ++hostileTradeId, ...patch }),
    };
    await options.prepare?.(kit);
    const before = await product.state();
    const errorsBefore = product.events.errors.length;
    const rejectedBefore = await product.app.rejectedMessages();
    await inject(kit);
    await product.barrier(barrier);
    const after = await product.state();
    const barrierFill = product.events.fills.find((f) => f.clientOrderId === barrier.clientOrderId)?.tradeId;
    compareStates(ctx, before, after, {}, (key) => key.includes(barrier.clientOrderId) || key.includes('ETHUSDT') || key === `fill ${barrierFill}`);
    await checkReported(ctx, product, options.reported ?? 'payload', errorsBefore, rejectedBefore);
    options.after?.(kit);
  } finally {
    await product?.close();
    await venue.close();
  }
}

async function checkReported(ctx: AttackContext, product: BinanceProduct, reported: Reported, errorsBefore: number, rejectedBefore: number): Promise<void> {
  if (reported === 'none') return;
  const codes = reported === 'contradiction' ? ['VENUE_CONTRADICTION'] : ['VENUE_PAYLOAD', 'VENUE_CONTRADICTION'];
  const errors = product.events.errorsSince(errorsBefore, codes);
  const counted = (await product.app.rejectedMessages()) - rejectedBefore;
  if (errors.length === 0 && (reported === 'contradiction' || counted === 0)) {
    ctx.unreported(`no ${codes.join('/')} error event${reported === 'payload' ? ' and no silvertine_venue_messages_rejected_total increase' : ''}`);
  }
}

/** A user-data attack: input, oracle, and the frames it pushes. */
export function userDataAttack(
  id: string,
  input: string,
  inject: (kit: StreamKit) => void | Promise<void>,
  options: StreamOptions & { fast?: boolean; oracle?: string; cls?: AttackClass } = {},
): Attack {
  return {
    id, class: options.cls ?? 'binance user-data frames', input, fast: options.fast,
    oracle: options.oracle ?? 'process alive; no change to orders, fills, balances or positions; an honest fill afterwards is applied; reported as a typed error; no secret anywhere',
    run: (ctx) => streamAttack(ctx, inject, options),
  };
}

/** Pushes `event` in its envelope. */
export function pushEvent(kit: StreamKit, event: unknown): void {
  kit.venue.pushUserEvent(event);
}
