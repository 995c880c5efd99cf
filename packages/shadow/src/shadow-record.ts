import type { Decimal, Fill, Instrument, OrderSide, OrderStatus, OrderType } from '@silvertine/core';

/** What one side (live or paper) did with one order. */
export interface ShadowLeg {
  /** When the live order was created (epoch ms): both legs are timed from it, so give the shadow the live broker's clock. */
  readonly submittedAt?: number;
  readonly status?: OrderStatus;
  /** Every fill, once per tradeId, in arrival order. */
  readonly fills: readonly Fill[];
}

/** One live order and its mirror: the input of every gap computation. */
export interface ShadowRecord {
  readonly liveClientOrderId: string;
  readonly shadowClientOrderId: string;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: Decimal;
  readonly live: ShadowLeg;
  readonly paper: ShadowLeg;
  /** Why the mirror could not be placed or followed (the paper leg is then incomplete). */
  readonly shadowFailure?: string;
}
