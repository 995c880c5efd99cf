import type { OrderType } from './order';

/**
 * What each order type needs and how it behaves, in one table, so the validator, the paper engine and the
 * adapters agree instead of each keeping its own list of `type === ...` checks.
 */
export interface OrderTypeTraits {
  /** Carries a limit price once active (limitPrice, or the trailing stop ± offset for TRAILING_STOP_LIMIT). */
  readonly limit: boolean;
  /** Needs `limitPrice` in the request. */
  readonly requiresLimitPrice: boolean;
  /** Needs `stopPrice` (the trigger price) in the request. */
  readonly requiresStopPrice: boolean;
  /** Follows the best price by trailingAmount or trailingPercent. */
  readonly trailing: boolean;
  /**
   * How a waiting order triggers, if it waits at all. STOP: when the market moves against the order's
   * side (a buy stop at or above the trigger, a sell stop at or below). TAKE_PROFIT: when it moves in its
   * favour (a sell take-profit at or above, a buy take-profit at or below).
   */
  readonly trigger?: 'STOP' | 'TAKE_PROFIT';
}

const NONE = { limit: false, requiresLimitPrice: false, requiresStopPrice: false, trailing: false } as const;

export const ORDER_TYPE_TRAITS: Readonly<Record<OrderType, OrderTypeTraits>> = {
  MARKET: NONE,
  LIMIT: { ...NONE, limit: true, requiresLimitPrice: true },
  STOP: { ...NONE, requiresStopPrice: true, trigger: 'STOP' },
  STOP_LIMIT: { ...NONE, limit: true, requiresLimitPrice: true, requiresStopPrice: true, trigger: 'STOP' },
  TAKE_PROFIT: { ...NONE, requiresStopPrice: true, trigger: 'TAKE_PROFIT' },
  TAKE_PROFIT_LIMIT: { ...NONE, limit: true, requiresLimitPrice: true, requiresStopPrice: true, trigger: 'TAKE_PROFIT' },
  TRAILING_STOP: { ...NONE, trailing: true, trigger: 'STOP' },
  TRAILING_STOP_LIMIT: { ...NONE, limit: true, trailing: true, trigger: 'STOP' },
};

/** The traits of a type; undefined for a string that is not an OrderType (validators report it). */
export function orderTypeTraits(type: OrderType): OrderTypeTraits {
  return ORDER_TYPE_TRAITS[type];
}
