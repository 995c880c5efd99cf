import type { Decimal, MarketData } from '@silvertine/core';

/**
 * The order the matcher works: stop types are held by the emulator until triggered, so only MARKET
 * and LIMIT reach it (LIMIT_MAKER as LIMIT with postOnly).
 */
export interface WorkingOrder {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'MARKET' | 'LIMIT';
  readonly quantity: Decimal;
  readonly limitPrice?: Decimal;
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly postOnly: boolean;
}

/** What the matcher reports; names follow the paper engine's `EngineEvent` kinds. */
export type MatchEvent =
  | { readonly kind: 'ACCEPTED'; readonly clientOrderId: string }
  | { readonly kind: 'REJECTED'; readonly clientOrderId: string; readonly reason: string }
  | { readonly kind: 'FILL'; readonly clientOrderId: string; readonly price: Decimal; readonly quantity: Decimal; readonly liquidity: 'MAKER' | 'TAKER' }
  | { readonly kind: 'CANCELED'; readonly clientOrderId: string }
  | { readonly kind: 'CANCEL_REJECTED'; readonly clientOrderId: string; readonly reason: string }
  | { readonly kind: 'EXPIRED'; readonly clientOrderId: string };

/**
 * The emulator's only view of a matching engine. `BookMatcher` implements it against the emulator's
 * synthetic book; an adapter over @silvertine/paper's MatchingEngine can replace it.
 */
export interface OrderMatcher {
  submit(order: WorkingOrder, now: number): MatchEvent[];
  cancel(clientOrderId: string, now: number): MatchEvent[];
  onMarketData(data: MarketData, now: number): MatchEvent[];
  /**
   * Optional: where events that happen later than the call that caused them go (a venue latency's
   * delayed match); the exchange applies them as it applies a submit's. Called once by the exchange.
   */
  attach?(sink: (events: readonly MatchEvent[], now: number) => void): void;
  /** Optional: drop pending timers (the emulator is closing). */
  close?(): void;
}
