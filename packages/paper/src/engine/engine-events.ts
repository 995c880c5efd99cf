import type { Decimal, Fill, Order } from '@silvertine/core';

/** An order as the engine sees it: core's snapshot plus the engine's trigger state and fees so far. */
export interface EngineOrder extends Order {
  /** True once a stop, take-profit or trailing order has triggered (always false for other types). */
  readonly triggered: boolean;
  /** The stop price in force now (a trailing stop moves it; undefined until a trailing stop has a reference). */
  readonly currentStopPrice?: Decimal;
  /** Sum of the commissions of this order's fills. */
  readonly totalCommission: Decimal;
  /** Epoch ms at which a DAY or GTD order expires. */
  readonly expiresAt?: number;
}

/** Why the engine refused an order. Closed: emulators map each to their venue's error code. */
export type RejectReason =
  | 'UNKNOWN_SYMBOL'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'INVALID_QUANTITY'
  | 'INVALID_PRICE'
  | 'MISSING_PRICE'
  | 'INVALID_EXPIRY'
  | 'INVALID_ORDER'
  | 'MIN_NOTIONAL'
  | 'POST_ONLY_WOULD_TAKE'
  | 'REDUCE_ONLY_WOULD_INCREASE'
  | 'INSUFFICIENT_FUNDS'
  | 'RISK_CHECK';

/** Why an accepted order was canceled. */
export type CancelReason =
  /** The user asked. */
  | 'USER'
  /** IOC: what could not fill at once. */
  | 'IOC_REMAINDER'
  /** FOK: could not fill completely at once, so nothing filled. */
  | 'FOK'
  /** A reduce-only order with no position left to reduce. */
  | 'REDUCE_ONLY'
  /** The order would have traded against one of our own resting orders (expire-taker policy). */
  | 'SELF_TRADE_PREVENTION';

/** Why a cancel or amend failed. A cancel that arrives after the last fill fails with ALREADY_CLOSED. */
export type CancelRejectReason = 'NOT_FOUND' | 'ALREADY_CLOSED';

/** Why an amend failed. */
export type AmendRejectReason = CancelRejectReason | 'INVALID_QUANTITY' | 'INVALID_PRICE' | 'POST_ONLY_WOULD_TAKE' | 'NOT_SUPPORTED';

/** Which time-in-force rule expired the order. */
export type ExpireReason = 'DAY' | 'GTD';

interface EngineEventBase {
  readonly clientOrderId: string;
  /** Known for every order the engine accepted or rejected; absent when the cancel named an unknown order. */
  readonly venueOrderId?: string;
  /** The engine time at which this happened (epoch ms). */
  readonly timestamp: number;
}

/** The order is live at the (simulated) venue. */
export interface AcceptedEngineEvent extends EngineEventBase {
  readonly kind: 'ACCEPTED';
  readonly venueOrderId: string;
  readonly order: EngineOrder;
}

/** The order was refused; it never rested and never filled. */
export interface RejectedEngineEvent extends EngineEventBase {
  readonly kind: 'REJECTED';
  readonly reason: RejectReason;
  readonly message: string;
  readonly order: EngineOrder;
}

/** One execution. `fill.tradeId` is unique within the engine. */
export interface FillEngineEvent extends EngineEventBase {
  readonly kind: 'FILL';
  readonly venueOrderId: string;
  readonly fill: Fill;
  /** The order after this fill. */
  readonly order: EngineOrder;
  /** The price before slippage (quote, trade or limit price). */
  readonly referencePrice: Decimal;
  /** |fill price - reference price|: what slippage cost on this fill (zero for makers). */
  readonly slippage: Decimal;
}

export interface CanceledEngineEvent extends EngineEventBase {
  readonly kind: 'CANCELED';
  readonly venueOrderId: string;
  readonly reason: CancelReason;
  readonly order: EngineOrder;
}

export interface CancelRejectedEngineEvent extends EngineEventBase {
  readonly kind: 'CANCEL_REJECTED';
  readonly reason: CancelRejectReason;
  readonly message: string;
  /** The order as it stands, when the engine knows it. */
  readonly order?: EngineOrder;
}

export interface ExpiredEngineEvent extends EngineEventBase {
  readonly kind: 'EXPIRED';
  readonly venueOrderId: string;
  readonly reason: ExpireReason;
  readonly order: EngineOrder;
}

/**
 * A stop, take-profit or trailing order triggered and now works as a market order (STOP, TAKE_PROFIT,
 * TRAILING_STOP) or a limit order (STOP_LIMIT, TAKE_PROFIT_LIMIT, TRAILING_STOP_LIMIT at the stop ± offset).
 */
export interface TriggeredEngineEvent extends EngineEventBase {
  readonly kind: 'TRIGGERED';
  readonly venueOrderId: string;
  /** The market price that crossed the stop. */
  readonly triggerPrice: Decimal;
  readonly order: EngineOrder;
}

/** An open order's quantity or prices changed. */
export interface AmendedEngineEvent extends EngineEventBase {
  readonly kind: 'AMENDED';
  readonly venueOrderId: string;
  readonly order: EngineOrder;
}

export interface AmendRejectedEngineEvent extends EngineEventBase {
  readonly kind: 'AMEND_REJECTED';
  readonly reason: AmendRejectReason;
  readonly message: string;
  readonly order?: EngineOrder;
}

/** Everything the engine reports, discriminated on `kind`. Closed: no other kinds exist. */
export type EngineEvent =
  | AcceptedEngineEvent
  | RejectedEngineEvent
  | FillEngineEvent
  | CanceledEngineEvent
  | CancelRejectedEngineEvent
  | ExpiredEngineEvent
  | TriggeredEngineEvent
  | AmendedEngineEvent
  | AmendRejectedEngineEvent;

/** The `kind` values of EngineEvent. */
export type EngineEventKind = EngineEvent['kind'];
