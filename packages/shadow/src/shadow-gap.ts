import { Decimal, type Fill, type Instrument, type OrderSide, type OrderType } from '@silvertine/core';
import type { ShadowLeg, ShadowRecord } from './shadow-record';

const BPS = Decimal.from(10000);

/** Which sides filled (any quantity) an order. */
export type FilledOn = 'BOTH' | 'LIVE_ONLY' | 'PAPER_ONLY' | 'NEITHER';

/** One side's outcome of one order, in figures. */
export interface LegSummary {
  readonly filledQuantity: Decimal;
  /** Volume-weighted average fill price; undefined without fills. */
  readonly averagePrice?: Decimal;
  readonly fillCount: number;
  /** Milliseconds from submission to the first fill; undefined without fills or submission time. */
  readonly timeToFirstFillMs?: number;
  /** Fees in the instrument's quote asset; undefined when a fee was charged in a third asset. */
  readonly feesInQuote?: Decimal;
}

/** The gap of one order: live minus paper throughout, prices signed against the trader. */
export interface OrderGap {
  readonly liveClientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: Decimal;
  readonly live: LegSummary;
  readonly paper: LegSummary;
  readonly filledOn: FilledOn;
  /**
   * (live − paper) / paper × 10,000 for a BUY, (paper − live) / paper × 10,000 for a SELL: positive when
   * live was worse for the trader. Only when both sides filled.
   */
  readonly priceGapBps?: Decimal;
  /** live − paper time to first fill (ms), when both filled. Positive: live was slower. */
  readonly timeToFillGapMs?: number;
  /** live − paper filled quantity. */
  readonly filledQuantityGap: Decimal;
  /** live − paper filled fraction of the order quantity. */
  readonly fillRatioGap: Decimal;
  /** live − paper number of fills (partial fills). */
  readonly fillCountGap: number;
  /** live − paper fees in the quote asset; undefined when either side's fees are not expressible in it. */
  readonly feeGap?: Decimal;
  readonly shadowFailure?: string;
}

/** Summarises one leg: quantity, VWAP, fill count, time to first fill, fees in the quote asset. */
export function summarizeLeg(leg: ShadowLeg, instrument: Instrument): LegSummary {
  const fills = leg.fills;
  if (fills.length === 0) return { filledQuantity: Decimal.from(0), fillCount: 0, feesInQuote: Decimal.from(0) };
  let quantity = Decimal.from(0);
  let notional = Decimal.from(0);
  let fees: Decimal | undefined = Decimal.from(0);
  let first = fills[0].timestamp;
  for (const fill of fills) {
    quantity = quantity.plus(fill.quantity);
    notional = notional.plus(fill.price.times(fill.quantity));
    const fee = feeInQuote(fill, instrument);
    fees = fees === undefined || fee === undefined ? undefined : fees.plus(fee);
    if (fill.timestamp < first) first = fill.timestamp;
  }
  return {
    filledQuantity: quantity,
    averagePrice: quantity.isZero() ? undefined : notional.div(quantity),
    fillCount: fills.length,
    timeToFirstFillMs: leg.submittedAt === undefined ? undefined : first - leg.submittedAt,
    feesInQuote: fees,
  };
}

/** A fill's fee in the quote asset: as is, or valued at the fill price when charged in the base asset. */
function feeInQuote(fill: Fill, instrument: Instrument): Decimal | undefined {
  if (fill.commission.isZero() || fill.commissionAsset === instrument.quoteAsset) return fill.commission;
  if (instrument.baseAsset !== undefined && fill.commissionAsset === instrument.baseAsset) return fill.commission.times(fill.price);
  return undefined;
}

/** The signed price gap in bps, positive when `live` is worse than `paper` for a trader on `side`. */
export function priceGapBps(side: OrderSide, live: Decimal, paper: Decimal): Decimal {
  const worse = side === 'BUY' ? live.minus(paper) : paper.minus(live);
  return worse.times(BPS).div(paper);
}

function filledOn(live: LegSummary, paper: LegSummary): FilledOn {
  const l = live.fillCount > 0;
  const p = paper.fillCount > 0;
  return l && p ? 'BOTH' : l ? 'LIVE_ONLY' : p ? 'PAPER_ONLY' : 'NEITHER';
}

/** What identifies an order in a gap: its id, symbol, side, type and quantity. */
export type OrderGapKey = Pick<OrderGap, 'liveClientOrderId' | 'symbol' | 'side' | 'type' | 'quantity' | 'shadowFailure'>;

/** The gap of one live order and its mirror (pure). */
export function orderGap(record: ShadowRecord): OrderGap {
  const key = { liveClientOrderId: record.liveClientOrderId, symbol: record.instrument.symbol, side: record.side, type: record.type, quantity: record.quantity, shadowFailure: record.shadowFailure };
  return gapFromLegs(key, summarizeLeg(record.live, record.instrument), summarizeLeg(record.paper, record.instrument));
}

/** The gap from both legs' summaries (pure): every gap figure is derived, none is taken as given. */
export function gapFromLegs(key: OrderGapKey, live: LegSummary, paper: LegSummary): OrderGap {
  const liveAverage = live.averagePrice;
  const paperAverage = paper.averagePrice;
  const filledQuantityGap = live.filledQuantity.minus(paper.filledQuantity);
  return {
    liveClientOrderId: key.liveClientOrderId,
    symbol: key.symbol,
    side: key.side,
    type: key.type,
    quantity: key.quantity,
    live,
    paper,
    filledOn: filledOn(live, paper),
    priceGapBps: liveAverage && paperAverage ? priceGapBps(key.side, liveAverage, paperAverage) : undefined,
    timeToFillGapMs: live.timeToFirstFillMs !== undefined && paper.timeToFirstFillMs !== undefined ? live.timeToFirstFillMs - paper.timeToFirstFillMs : undefined,
    filledQuantityGap,
    fillRatioGap: filledQuantityGap.div(key.quantity),
    fillCountGap: live.fillCount - paper.fillCount,
    feeGap: live.feesInQuote !== undefined && paper.feesInQuote !== undefined ? live.feesInQuote.minus(paper.feesInQuote) : undefined,
    shadowFailure: key.shadowFailure,
  };
}
