import { Decimal } from '../decimal/decimal';
import type { Fill, Order, OrderRequest, OrderStatus } from '../domain/order';
import { isTerminalStatus } from '../domain/order';
import { InternalError, InvalidStateTransitionError } from '../errors/errors';
import { canTransitionOrder } from './order-transitions';

/** Changes that may accompany a status transition. */
export interface OrderTransitionPatch {
  readonly venueOrderId?: string;
  readonly rejectReason?: string;
}

/** Result of applying a fill: `applied` is false for a duplicate tradeId (a no-op). */
export interface FillApplication {
  readonly applied: boolean;
  readonly order: Order;
  /** The status before this fill (the current one when it was a duplicate). */
  readonly previousStatus: OrderStatus;
}

/** A fill that would take the filled quantity past the order quantity. Never applied. */
export class OverfillError extends InternalError {
  constructor(clientOrderId: string, tradeId: string) {
    super(`fill ${tradeId} would overfill order ${clientOrderId}`, { clientOrderId });
  }
}

/**
 * Builds a snapshot with every field in a fixed order: one object shape for all orders keeps property
 * access monomorphic on the hot path (a spread of the previous snapshot would not).
 */
function snapshot(
  base: Order,
  status: Order['status'],
  updatedAt: number,
  venueOrderId: string | undefined,
  rejectReason: string | undefined,
  filledQuantity: Decimal = base.filledQuantity,
  remainingQuantity: Decimal = base.remainingQuantity,
  averageFillPrice: Decimal | undefined = base.averageFillPrice,
): Order {
  return {
    request: base.request,
    clientOrderId: base.clientOrderId,
    status,
    venueOrderId,
    filledQuantity,
    remainingQuantity,
    averageFillPrice,
    createdAt: base.createdAt,
    updatedAt,
    rejectReason,
  };
}

/**
 * Owns one order's lifecycle and produces immutable `Order` snapshots.
 *
 * Invariants (checked by property-based tests): filled quantity never decreases and never exceeds the
 * order quantity; a tradeId is applied at most once; status follows ORDER_TRANSITIONS; FILLED exactly
 * when the whole quantity has filled.
 */
export class OrderStateMachine {
  private snapshot: Order;
  /**
   * Trade ids applied so far: the first in a field, the rest in a Set made on the second fill. Most
   * orders fill once, and a Set per order would be most of what tracking an order allocates.
   */
  private firstTradeId: string | undefined;
  private laterTradeIds: Set<string> | undefined;
  /** Σ price × quantity of the fills from the second one on (one fill needs none: its price is the average). */
  private notional: Decimal | undefined;
  /** Set by OrderTracker once it has queued this terminal order for eviction. */
  closeNoted = false;
  /**
   * When the broker sent the order, on its clock's monotonic reading, until the first fill or a failed
   * send (the submit-to-first-fill latency metric). Kept here, not in a map by id: no entry per order.
   */
  submittedAt: number | undefined = undefined;

  constructor(request: OrderRequest, now: number, initialStatus: OrderStatus = 'PENDING_SUBMIT') {
    this.snapshot = {
      request,
      clientOrderId: request.clientOrderId,
      status: initialStatus,
      venueOrderId: undefined,
      filledQuantity: Decimal.ZERO,
      remainingQuantity: request.quantity,
      averageFillPrice: undefined,
      createdAt: now,
      updatedAt: now,
      rejectReason: undefined,
    };
  }

  get order(): Order {
    return this.snapshot;
  }

  get status(): OrderStatus {
    return this.snapshot.status;
  }

  get isTerminal(): boolean {
    return isTerminalStatus(this.snapshot.status);
  }

  hasApplied(tradeId: string): boolean {
    return tradeId === this.firstTradeId || (this.laterTradeIds?.has(tradeId) ?? false);
  }

  canTransition(to: OrderStatus): boolean {
    return to === this.snapshot.status || canTransitionOrder(this.snapshot.status, to);
  }

  /**
   * Moves to `to`. Repeating the current status is a no-op (venues resend updates). PARTIALLY_FILLED
   * and FILLED come only from `applyFill`. Throws InvalidStateTransitionError otherwise.
   */
  transition(to: OrderStatus, now: number, patch: OrderTransitionPatch = {}): Order {
    const from = this.snapshot.status;
    if (to === 'PARTIALLY_FILLED' || to === 'FILLED') {
      if (to === from) return this.patch(patch, now);
      throw new InvalidStateTransitionError('order', from, to, { clientOrderId: this.snapshot.clientOrderId });
    }
    if (to === from) return this.patch(patch, now);
    if (!canTransitionOrder(from, to)) {
      throw new InvalidStateTransitionError('order', from, to, { clientOrderId: this.snapshot.clientOrderId });
    }
    this.snapshot = snapshot(this.snapshot, to, now, patch.venueOrderId ?? this.snapshot.venueOrderId, patch.rejectReason ?? this.snapshot.rejectReason);
    return this.snapshot;
  }

  /** The venue refused a cancel: back to ACCEPTED or PARTIALLY_FILLED. No-op unless PENDING_CANCEL. */
  revertCancel(now: number): Order {
    if (this.snapshot.status !== 'PENDING_CANCEL') return this.snapshot;
    const status: OrderStatus = this.snapshot.filledQuantity.isZero() ? 'ACCEPTED' : 'PARTIALLY_FILLED';
    this.snapshot = snapshot(this.snapshot, status, now, this.snapshot.venueOrderId, this.snapshot.rejectReason);
    return this.snapshot;
  }

  /**
   * Applies an execution. A tradeId seen before is a no-op. A fill that would overfill throws
   * OverfillError and changes nothing. A fill on REJECTED is impossible at a venue and throws. A late
   * fill on CANCELED or EXPIRED is recorded (the venue did trade it) without changing the status.
   */
  applyFill(fill: Fill, now: number = fill.timestamp): FillApplication {
    const from = this.snapshot.status;
    if (this.hasApplied(fill.tradeId)) return { applied: false, order: this.snapshot, previousStatus: from };
    if (fill.clientOrderId !== this.snapshot.clientOrderId) {
      throw new InternalError(`fill ${fill.tradeId} is for ${fill.clientOrderId}, not ${this.snapshot.clientOrderId}`);
    }
    if (!fill.quantity.isPositive()) {
      throw new InternalError(`fill ${fill.tradeId} has a non-positive quantity`, { clientOrderId: fill.clientOrderId });
    }
    if (from === 'REJECTED' || from === 'FILLED') {
      throw new InvalidStateTransitionError('order', from, 'PARTIALLY_FILLED', { clientOrderId: fill.clientOrderId });
    }
    const filled = this.snapshot.filledQuantity.plus(fill.quantity);
    const quantity = this.snapshot.request.quantity;
    if (filled.gt(quantity)) throw new OverfillError(fill.clientOrderId, fill.tradeId);

    if (this.firstTradeId === undefined) this.firstTradeId = fill.tradeId;
    else (this.laterTradeIds ??= new Set()).add(fill.tradeId);
    const first = this.snapshot.filledQuantity.isZero();
    if (!first) {
      // After one fill the notional so far is its price × its quantity, worked out only now it is needed.
      const before = this.notional ?? this.snapshot.averageFillPrice!.times(this.snapshot.filledQuantity);
      this.notional = before.plus(fill.price.times(fill.quantity));
    }
    const complete = filled.eq(quantity);
    let status: OrderStatus = from;
    if (complete && from !== 'CANCELED' && from !== 'EXPIRED') status = 'FILLED';
    else if (!complete && from !== 'CANCELED' && from !== 'EXPIRED' && from !== 'PENDING_CANCEL') status = 'PARTIALLY_FILLED';
    // The first fill's price is the average: no division on the common single-fill path.
    const average = first ? fill.price : this.notional!.div(filled);
    this.snapshot = snapshot(this.snapshot, status, now, this.snapshot.venueOrderId ?? fill.venueOrderId, this.snapshot.rejectReason, filled, quantity.minus(filled), average);
    return { applied: true, order: this.snapshot, previousStatus: from };
  }

  private patch(patch: OrderTransitionPatch, now: number): Order {
    if (patch.venueOrderId === undefined && patch.rejectReason === undefined) return this.snapshot;
    this.snapshot = snapshot(this.snapshot, this.snapshot.status, now, patch.venueOrderId ?? this.snapshot.venueOrderId, patch.rejectReason ?? this.snapshot.rejectReason);
    return this.snapshot;
  }
}
