import { Decimal, type Fill, type Instrument, type Liquidity as LiquidityRole } from '@silvertine/core';
import { commissionCharge, monthStartUtc, type CommissionModelConfig } from '../models/commission';
import { timesMultiplier } from '../models/decimal-math';
import { slippageAmount, applySlippage, type SlippageModelConfig } from '../models/slippage';
import type { FillEngineEvent } from './engine-events';
import { activeLimitOf, snapshotOf, type OrderRecord } from './order-record';

/** What one execution needs beyond the order itself. */
export interface ExecutionInput {
  readonly quantity: Decimal;
  /** Market price for a taker (before slippage), the limit price for a maker. */
  readonly referencePrice: Decimal;
  readonly liquidity: LiquidityRole;
  /** Slippage model for takers; undefined for makers (a resting order fills at its own price). */
  readonly slippage?: SlippageModelConfig;
  readonly commission: CommissionModelConfig;
  readonly estimatedSigma?: number;
  readonly estimatedAdv?: Decimal;
  readonly now: number;
}

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

  /** Executes `input.quantity` of `rec`, updating the record, and returns the FILL event. */
  execute(rec: OrderRecord, instrument: Instrument, input: ExecutionInput): FillEngineEvent {
    const req = rec.request;
    const { quantity, referencePrice, now } = input;
    const price = input.slippage
      ? applySlippage(
          req.side,
          referencePrice,
          slippageAmount(input.slippage, {
            side: req.side,
            referencePrice,
            orderQuantity: req.quantity,
            tickSize: instrument.tickSize,
            estimatedSigma: input.estimatedSigma,
            estimatedAdv: input.estimatedAdv,
          }),
          instrument.tickSize,
          activeLimitOf(rec),
        )
      : referencePrice;
    if (this.tracksMonthlyVolume) this.rollMonth(now);
    const notional = price.times(quantity);
    const value = timesMultiplier(notional, instrument.multiplier);
    const charge = commissionCharge(input.commission, {
      liquidity: input.liquidity,
      quantity,
      price,
      multiplier: instrument.multiplier,
      notional: value,
      orderFilledBefore: rec.filled,
      orderNotionalBefore: rec.value,
      orderCommissionBefore: rec.commission,
      monthlyNotional: this.monthlyNotional,
      monthlyQuantity: this.monthlyQuantity,
    }, req.side, instrument);
    const commission = charge.amount;
    rec.filled = rec.filled.plus(quantity);
    rec.notional = rec.notional.plus(notional);
    rec.value = rec.value.plus(value);
    rec.commission = rec.commission.plus(commission);
    rec.status = rec.filled.eq(req.quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
    rec.updatedAt = now;
    if (this.tracksMonthlyVolume) {
      this.monthlyNotional = this.monthlyNotional.plus(value.isNegative() ? value.negated() : value);
      this.monthlyQuantity = this.monthlyQuantity.plus(quantity);
    }
    const symbol = instrument.symbol;
    const signed = req.side === 'BUY' ? quantity : quantity.negated();
    this.positions.set(symbol, this.positionOf(symbol).plus(signed));

    const fill: Fill = {
      tradeId: `${this.idPrefix}${this.nextTradeId++}`,
      clientOrderId: req.clientOrderId,
      venueOrderId: rec.venueOrderId,
      symbol,
      side: req.side,
      quantity,
      price,
      commission,
      commissionAsset: charge.asset,
      liquidity: input.liquidity,
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
      slippage: price.minus(referencePrice).abs(),
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
