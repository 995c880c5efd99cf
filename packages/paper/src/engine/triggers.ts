import { Decimal, type OrderRequest, type OrderSide } from '@silvertine/core';

const HUNDRED = Decimal.from(100);

/**
 * True when `price` has reached a trigger. A STOP fires when the market moves against the side: a buy
 * stop at or above it (it protects a short, or enters a breakout), a sell stop at or below it. A
 * TAKE_PROFIT fires when the market moves in the side's favour: a sell at or above it, a buy at or below.
 */
export function isTriggered(kind: 'STOP' | 'TAKE_PROFIT', side: OrderSide, level: Decimal, price: Decimal): boolean {
  const risesToIt = (side === 'BUY') === (kind === 'STOP');
  return risesToIt ? price.gte(level) : price.lte(level);
}

/**
 * The limit a TRAILING_STOP_LIMIT works at once triggered at `stop`: `offset` beyond the stop in the
 * direction that lets it fill (below for a sell, above for a buy), as IB's lmtPriceOffset.
 */
export function trailingLimitFrom(side: OrderSide, stop: Decimal, offset: Decimal): Decimal {
  return side === 'SELL' ? stop.minus(offset) : stop.plus(offset);
}

/** The trailing distance from `anchor`: the fixed amount, or `trailingPercent` % of the anchor. */
export function trailingDistance(request: OrderRequest, anchor: Decimal): Decimal {
  if (request.trailingAmount !== undefined) return request.trailingAmount;
  if (request.trailingPercent !== undefined) return anchor.times(request.trailingPercent).div(HUNDRED);
  throw new RangeError('a trailing stop needs trailingAmount or trailingPercent');
}

/**
 * The stop implied by an anchor (best price seen): below it for a sell, above it for a buy, rounded on
 * the tick grid away from the market so a rounded stop never fires earlier than the exact one.
 */
export function trailingStopFrom(request: OrderRequest, anchor: Decimal, tickSize: Decimal): Decimal {
  const distance = trailingDistance(request, anchor);
  return request.side === 'SELL'
    ? anchor.minus(distance).roundToStep(tickSize, 'FLOOR')
    : anchor.plus(distance).roundToStep(tickSize, 'CEIL');
}

/** The better anchor for a trailing stop: the higher price for a sell stop, the lower for a buy stop. */
export function betterAnchor(side: OrderSide, anchor: Decimal | undefined, price: Decimal): Decimal {
  if (anchor === undefined) return price;
  return side === 'SELL' ? Decimal.max(anchor, price) : Decimal.min(anchor, price);
}

/**
 * A trailing stop only ever tightens: a sell stop moves up, a buy stop moves down. Returns the stop in
 * force after seeing `candidate`.
 */
export function tighterStop(side: OrderSide, current: Decimal | undefined, candidate: Decimal): Decimal {
  if (current === undefined) return candidate;
  return side === 'SELL' ? Decimal.max(current, candidate) : Decimal.min(current, candidate);
}
