import type { Decimal } from '../decimal/decimal';
import type { Fill, Order } from '../domain/order';
import { ReconcilingError } from '../errors/errors';
import { checkFillAgainstOrder, type FillContradiction } from '../orders/fill-check';

/**
 * The state behind AbstractBroker's fill checks: the highest cumulative quantity the venue reported per
 * open order (for the monotonic rule), and the symbols refused for new orders since a venue contradicted
 * us on them (fail closed), with why. The rules themselves are `checkFillAgainstOrder`, pure.
 */
export class FillGuard {
  private readonly blocked = new Map<string, string>();
  private readonly venueCumulative = new Map<string, Decimal>();

  /** The rule `fill` breaks against `order`, given the venue's cumulative quantity when the adapter has it. */
  check(order: Order, fill: Fill, venueCumulativeQuantity: Decimal | undefined): FillContradiction | undefined {
    if (venueCumulativeQuantity === undefined) return checkFillAgainstOrder(order, fill);
    return checkFillAgainstOrder(order, fill, { reported: venueCumulativeQuantity, previous: this.venueCumulative.get(order.clientOrderId) });
  }

  /** Remembers the venue's cumulative quantity after an applied fill of an order still open. */
  applied(order: Order, venueCumulativeQuantity: Decimal | undefined): void {
    if (venueCumulativeQuantity === undefined) return;
    const previous = this.venueCumulative.get(order.clientOrderId);
    if (previous === undefined || venueCumulativeQuantity.gt(previous)) this.venueCumulative.set(order.clientOrderId, venueCumulativeQuantity);
  }

  /** Forgets a closed order (cheap when no adapter reports cumulative quantities: this runs on every close). */
  closed(clientOrderId: string): void {
    if (this.venueCumulative.size !== 0) this.venueCumulative.delete(clientOrderId);
  }

  block(symbol: string, why: string): void {
    this.blocked.set(symbol, why);
  }

  /** Throws ReconcilingError when `symbol` is blocked (one size test when nothing is). */
  assertOpen(symbol: string, brokerId: string, clientOrderId: string): void {
    if (this.blocked.size === 0) return;
    const why = this.blocked.get(symbol);
    if (why !== undefined) throw new ReconcilingError(`orders on ${symbol} are refused until reconciliation: ${why}`, { brokerId, clientOrderId });
  }

  /** Lifts the blocks on `symbols` (default all); returns the symbols that were blocked. */
  unblock(symbols?: readonly string[]): string[] {
    return (symbols ?? [...this.blocked.keys()]).filter((symbol) => this.blocked.delete(symbol));
  }

  blockedSymbols(): readonly string[] {
    return [...this.blocked.keys()];
  }
}
