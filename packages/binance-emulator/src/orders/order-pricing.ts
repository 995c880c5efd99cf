import { Decimal } from '@silvertine/core';
import type { Level } from '../market/market-state';
import type { BinanceOrderType, BinanceSide } from '../rules/new-order.params';

/**
 * What a market order would take from the book: for `quantity`, its cost; for `quoteOrderQty`, the base
 * quantity it buys or sells (rounded down to the step) and that cost. Undefined on an empty book.
 */
export function estimateMarket(
  depth: { bids: readonly Level[]; asks: readonly Level[] },
  side: BinanceSide,
  quantity: Decimal | undefined,
  quoteOrderQty: Decimal | undefined,
  stepSize: Decimal,
): { quantity: Decimal; cost: Decimal } | undefined {
  const levels = side === 'BUY' ? depth.asks : depth.bids;
  if (levels.length === 0) return undefined;
  let qty = Decimal.ZERO;
  let cost = Decimal.ZERO;
  for (const [price, size] of levels) {
    let take = size;
    if (quantity) take = Decimal.min(size, quantity.minus(qty));
    else if (quoteOrderQty) take = Decimal.min(size, quoteOrderQty.minus(cost).div(price, 'DOWN')).roundToStep(stepSize, 'DOWN');
    if (!take.isPositive()) break;
    qty = qty.plus(take);
    cost = cost.plus(take.times(price));
  }
  // Beyond the synthetic depth the remainder would expire; price it at the last level for the balance check.
  if (quantity && qty.lt(quantity)) cost = cost.plus(quantity.minus(qty).times(levels[levels.length - 1][0]));
  return { quantity: quantity ?? qty, cost };
}

/**
 * Binance's stop semantics against the last price: STOP_LOSS* buy when last ≥ stop, sell when
 * last ≤ stop; TAKE_PROFIT* the other way round.
 */
export function stopTriggered(type: BinanceOrderType, side: BinanceSide, stopPrice: Decimal, last: Decimal): boolean {
  const stopLoss = type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT';
  const rising = (side === 'BUY') === stopLoss;
  return rising ? last.gte(stopPrice) : last.lte(stopPrice);
}
