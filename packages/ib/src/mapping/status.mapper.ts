import type { OrderStatus } from '@silvertine/core';

/**
 * What an IB order status means for our state machine, or undefined when it carries nothing the
 * machine takes from a status:
 * - Filled / partial fills come only from executions (fills drive PARTIALLY_FILLED and FILLED, so the
 *   filled quantity and the status can never disagree);
 * - PreSubmitted (held stop or trailing order, or a bracket child waiting for its parent) is working;
 * - Inactive is TWS's "received but not working": a rejection before it ever worked, a cancel after.
 */
export function mapIbOrderStatus(status: string | undefined, current: OrderStatus): OrderStatus | undefined {
  switch (status) {
    case 'PendingSubmit':
    case 'ApiPending':
      return current === 'PENDING_SUBMIT' || current === 'UNKNOWN' ? 'SUBMITTED' : undefined;
    case 'PreSubmitted':
    case 'Submitted':
      // a repeat after a cancel request keeps PENDING_CANCEL until the venue answers
      return current === 'PENDING_CANCEL' ? undefined : 'ACCEPTED';
    case 'PendingCancel':
      return 'PENDING_CANCEL';
    case 'ApiCancelled':
    case 'Cancelled':
      return 'CANCELED';
    case 'Inactive':
      return current === 'PENDING_SUBMIT' || current === 'SUBMITTED' || current === 'UNKNOWN' ? 'REJECTED' : 'CANCELED';
    case 'Filled':
    default:
      return undefined;
  }
}

/** True when IB will send nothing more for the order (used to stop waiting for an acknowledgement). */
export function isIbFinalStatus(status: string | undefined): boolean {
  return status === 'Filled' || status === 'Cancelled' || status === 'ApiCancelled' || status === 'Inactive';
}
