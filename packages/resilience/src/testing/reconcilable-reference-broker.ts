import { PositionLedger, TimeoutError, type BrokerInit, type BrokerPosition, type Order, type SubmitAcknowledgement } from '@silvertine/core';
import { ReferenceBroker, type ReferenceBrokerConfig } from '@silvertine/core/testing';
import type { ReconcilableBroker } from '../reconciliation/reconciliation.types';

/**
 * ReferenceBroker (whose AbstractBroker base provides adoptOrder / reconcileStatus / reconcileFill), a
 * position ledger built from every fill it applies (so reconciled fills count), and a switch that makes
 * the next submission reach the venue but time out on the way back (the UNKNOWN path).
 */
export class ReconcilableReferenceBroker extends ReferenceBroker implements ReconcilableBroker {
  /** Submissions that left the process (to prove nothing is ever resent). */
  readonly sent: string[] = [];
  private timeoutNextSubmit = false;
  private readonly fillLedger = new PositionLedger();

  constructor(init: BrokerInit<ReferenceBrokerConfig>) {
    super(init);
    this.fills$.subscribe((fill) => {
      const order = this.tracker.get(fill.clientOrderId);
      if (order) this.fillLedger.apply(order.request.instrument, fill.side, fill.quantity, fill.price);
    });
  }

  /** The next order reaches the venue, but its acknowledgement is lost. */
  loseNextAcknowledgement(): void {
    this.timeoutNextSubmit = true;
  }

  protected override async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    this.sent.push(order.clientOrderId);
    const ack = await super.submitToVenue(order);
    if (this.timeoutNextSubmit) {
      this.timeoutNextSubmit = false;
      throw new TimeoutError(`no answer for ${order.clientOrderId}`, 10_000, { brokerId: this.id, clientOrderId: order.clientOrderId });
    }
    return ack;
  }

  override async getPositions(): Promise<readonly BrokerPosition[]> {
    return this.fillLedger.snapshot();
  }
}
