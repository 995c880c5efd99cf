import { Decimal, type Fill, type Instrument, type Liquidity as LiquidityRole } from '@silvertine/core';
import { commissionCharge, monthStartUtc, type CommissionContext, type CommissionModelConfig } from '../models/commission';
import { timesMultiplier } from '../models/decimal-math';
import { slippageAmount, applySlippage, type SlippageModelConfig } from '../models/slippage';
import type { FillEngineEvent } from './engine-events';
import { activeLimitOf, snapshotOf, type OrderRecord } from './order-record';

/**
 * Turns matches into fills: prices them (slippage), charges commission, assigns unique trade ids, and
 * keeps the engine's net positions and this month's traded volume (for tiered commissions).
 */
export class FillBook {
  private readonly positions = new Map<string, Decimal>();
  private nextTradeId = 1;
  private monthStart = Number.NEGATIVE_INFINITY;
  private monthEnd = Number.NEGATIVE_INFINITY;
  private monthlyNotional = Decimal.ZERO;
  private monthlyQuantity = Decimal.ZERO;
  /** The context every fill's commission is priced with, rewritten per fill (see `execute`). */
  private readonly commissionContext: Mutable<CommissionContext> = {
    liquidity: 'TAKER',
    quantity: Decimal.ZERO,
    price: Decimal.ZERO,
    multiplier: Decimal.ONE,
    notional: Decimal.ZERO,
    orderFilledBefore: Decimal.ZERO,
    orderNotionalBefore: Decimal.ZERO,
    orderCommissionBefore: Decimal.ZERO,
    monthlyNotional: Decimal.ZERO,
    monthlyQuantity: Decimal.ZERO,
  };

  /**
   * @param tracksMonthlyVolume false when no schedule is TIERED: the month's volume is then never read,
   *   and not adding every fill to it saves two Decimal additions per fill.
   */
  constructor(private readonly idPrefix: string, initialPositions?: Readonly<Record<string, Decimal>>, private readonly tracksMonthlyVolume = true) {
    for (const [symbol, quantity] of Object.entries(initialPositions ?? {})) this.positions.set(symbol, quantity);
  }

  positionOf(symbol: string): Decimal {
    return this.positions.get(symbol) ?? Decimal.ZERO;
  }

  setPosition(symbol: string, quantity: Decimal): void {
    this.positions.set(symbol, quantity);
  }

  /**
   * Executes `quantity` of `rec` at `referencePrice` (the market price for a taker, before slippage; the
   * limit for a maker), updating the record, and returns the FILL event. `slippage` is the taker's model
   * (undefined for a maker: a resting order fills at its own price); `estimatedSigma` and `estimatedAdv`
   * feed MARKET_IMPACT only.
   *
   * Positional arguments rather than one input object, and one commission context reused for every fill
   * (`commissionCharge` reads it and keeps nothing): two objects of ten fields less per fill. A schedule
   * free of slippage (the default) skips `slippageAmount` and its context object; the price still goes
   * through `applySlippage`, which keeps it on the tick grid and within the limit as before.
   */
  execute(
    rec: OrderRecord,
    instrument: Instrument,
    quantity: Decimal,
    referencePrice: Decimal,
    liquidity: LiquidityRole,
    slippage: SlippageModelConfig | undefined,
    commission: CommissionModelConfig,
    now: number,
    estimatedSigma?: number,
    estimatedAdv?: Decimal,
  ): FillEngineEvent {
    const req = rec.request;
    const price = slippage
      ? applySlippage(
          req.side,
          referencePrice,
          isFreeOfSlippage(slippage)
            ? Decimal.ZERO
            : slippageAmount(slippage, {
                side: req.side,
                referencePrice,
                orderQuantity: req.quantity,
                tickSize: instrument.tickSize,
                estimatedSigma,
                estimatedAdv,
              }),
          instrument.tickSize,
          activeLimitOf(rec),
        )
      : referencePrice;
    if (this.tracksMonthlyVolume) this.rollMonth(now);
    const notional = price.times(quantity);
    const value = timesMultiplier(notional, instrument.multiplier);
    const ctx = this.commissionContext;
    ctx.liquidity = liquidity;
    ctx.quantity = quantity;
    ctx.price = price;
    ctx.multiplier = instrument.multiplier;
    ctx.notional = value;
    ctx.orderFilledBefore = rec.filled;
    ctx.orderNotionalBefore = rec.value;
    ctx.orderCommissionBefore = rec.commission;
    ctx.monthlyNotional = this.monthlyNotional;
    ctx.monthlyQuantity = this.monthlyQuantity;
    const charge = commissionCharge(commission, ctx, req.side, instrument);
    const fee = charge.amount;
    const first = rec.filled.isZero();
    rec.filled = rec.filled.plus(quantity);
    rec.notional = rec.notional.plus(notional);
    rec.value = rec.value.plus(value);
    rec.commission = rec.commission.plus(fee);
    // The first fill's price is its average (as core's order state machine has it): no division for the
    // snapshot of an order that fills once; later fills leave it to snapshotOf.
    rec.averagePrice = first ? price : undefined;
    rec.status = rec.filled.eq(req.quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
    rec.updatedAt = now;
    if (this.tracksMonthlyVolume) {
      this.monthlyNotional = this.monthlyNotional.plus(value.isNegative() ? value.negated() : value);
      this.monthlyQuantity = this.monthlyQuantity.plus(quantity);
    }
    const symbol = instrument.symbol;
    const position = this.positionOf(symbol);
    this.positions.set(symbol, req.side === 'BUY' ? position.plus(quantity) : position.minus(quantity));

    const fill: Fill = {
      tradeId: `${this.idPrefix}${this.nextTradeId++}`,
      clientOrderId: req.clientOrderId,
      venueOrderId: rec.venueOrderId,
      symbol,
      side: req.side,
      quantity,
      price,
      commission: fee,
      commissionAsset: charge.asset,
      liquidity,
      timestamp: now,
    };
    return {
      kind: 'FILL',
      clientOrderId: req.clientOrderId,
      venueOrderId: rec.venueOrderId,
      timestamp: now,
      fill,
      order: snapshotOf(rec),
      referencePrice,
      slippage: price === referencePrice ? Decimal.ZERO : price.minus(referencePrice).abs(),
    };
  }

  /** Resets the monthly volume when `now` enters a new UTC calendar month. */
  private rollMonth(now: number): void {
    if (now >= this.monthStart && now < this.monthEnd) return;
    this.monthStart = monthStartUtc(now);
    const d = new Date(this.monthStart);
    this.monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    this.monthlyNotional = Decimal.ZERO;
    this.monthlyQuantity = Decimal.ZERO;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A FIXED model of no amount and no ticks (the default, NO_SLIPPAGE): its amount is zero for every fill. */
function isFreeOfSlippage(config: SlippageModelConfig): boolean {
  return config.model === 'FIXED' && (config.ticks === undefined || config.ticks === 0) && (config.amount === undefined || config.amount.isZero());
}
