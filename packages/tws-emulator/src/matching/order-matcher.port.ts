import type { Decimal, Liquidity, MarketData, OrderRequest } from '@silvertine/core';

/**
 * What the emulator needs from a matching engine. It mirrors the contract of @silvertine/paper's
 * `MatchingEngine` (`submit`/`cancel`/`onMarketData`/`advanceTime` returning events with a `kind`),
 * reduced to the fields the emulator reads, so that the paper engine can be plugged in through a thin
 * adapter (see README) and the built-in `QuoteMatcher` can stand in until it is published.
 */
export type MatchEvent =
  | { readonly kind: 'ACCEPTED'; readonly clientOrderId: string }
  | { readonly kind: 'REJECTED'; readonly clientOrderId: string; readonly reason: string; readonly message: string }
  | {
      readonly kind: 'FILL';
      readonly clientOrderId: string;
      readonly price: Decimal;
      readonly quantity: Decimal;
      readonly liquidity: Liquidity;
      readonly timestamp: number;
    }
  | { readonly kind: 'CANCELED'; readonly clientOrderId: string }
  | { readonly kind: 'CANCEL_REJECTED'; readonly clientOrderId: string; readonly message: string }
  | { readonly kind: 'EXPIRED'; readonly clientOrderId: string }
  | { readonly kind: 'TRIGGERED'; readonly clientOrderId: string; readonly triggerPrice: Decimal };

/** A matching engine as the emulator drives it. Every call returns the events it caused, in order. */
export interface OrderMatcher {
  submit(request: OrderRequest, now: number): MatchEvent[];
  cancel(clientOrderId: string, now: number): MatchEvent[];
  onMarketData(data: MarketData, now: number): MatchEvent[];
  advanceTime(now: number): MatchEvent[];
}
