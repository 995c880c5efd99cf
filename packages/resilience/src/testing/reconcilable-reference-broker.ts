import { TimeoutError, type Order, type ReconcilableBroker, type SubmitAcknowledgement } from '@silvertine/core';
import { ReferenceBroker } from '@silvertine/core/testing';

/**
 * ReferenceBroker (whose AbstractBroker base provides adoptOrder / reconcileStatus / reconcileFill and
 * the ledger behind localPositions, so reconciled fills count) and a switch that makes the next
 * submission reach the venue but time out on the way back (the UNKNOWN path).
 */
export class ReconcilableReferenceBroker extends ReferenceBroker implements ReconcilableBroker {
  /** Submissions that left the process (to prove nothing is ever resent). */
  readonly sent: string[] = [];
  private timeoutNextSubmit = false;

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
}
