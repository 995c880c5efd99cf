import { Decimal, type Broker, type EventBus } from '@silvertine/core';
import type { Subscription } from 'rxjs';

/**
 * A broker's net position per symbol, kept synchronously for the risk-limit check (which cannot await
 * `getPositions()` on the order path). Seeded from the broker after connecting, then moved by the
 * broker's own FillEvents on the bus.
 */
export class PositionTracker {
  private readonly positions = new Map<string, Decimal>();
  private subscription?: Subscription;

  constructor(private readonly bus: EventBus, private readonly brokerId: string) {}

  /** The signed position of `symbol` (0 when none). Bound, so it can be passed as a callback. */
  readonly positionOf = (symbol: string): Decimal => this.positions.get(symbol) ?? Decimal.ZERO;

  /** Starts following fills, then replaces the view with what the broker reports. */
  async start(broker: Broker): Promise<void> {
    this.subscription ??= this.bus.on(
      'Fill',
      (event) => {
        if (event.brokerId !== this.brokerId) return;
        const { symbol, side, quantity } = event.fill;
        this.positions.set(symbol, this.positionOf(symbol).plus(side === 'BUY' ? quantity : quantity.negated()));
      },
      `position-tracker:${this.brokerId}`,
    );
    const reported = await broker.getPositions();
    this.positions.clear();
    for (const position of reported) this.positions.set(position.instrument.symbol, position.quantity);
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
