import { merge, type Observable } from 'rxjs';
import type { Clock, EventBus, OrderRequest, PreTradeCheck } from '@silvertine/core';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitTransition, type EndpointClass } from './circuit-breaker';

/** Options applied to every breaker the registry creates. */
export type CircuitBreakerDefaults = Omit<CircuitBreakerOptions, 'brokerId' | 'endpoint' | 'clock' | 'bus'>;

/**
 * One breaker per broker and endpoint class, created on first use, all on one clock and bus. Adapters
 * wrap venue calls in `breaker(id, class).execute(...)`; `preTradeCheck(id)` refuses orders with
 * CIRCUIT_OPEN while that broker's `orders` circuit is open, before the order is journaled or sent.
 */
export class CircuitBreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly shared: { clock?: Clock; bus?: EventBus; defaults?: CircuitBreakerDefaults } = {}) {}

  breaker(brokerId: string, endpoint: EndpointClass, overrides: CircuitBreakerDefaults = {}): CircuitBreaker {
    const key = `${brokerId}\u0000${endpoint}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker({ ...this.shared.defaults, ...overrides, brokerId, endpoint, clock: this.shared.clock, bus: this.shared.bus });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Every breaker of one broker (or all). */
  list(brokerId?: string): CircuitBreaker[] {
    return [...this.breakers.entries()].filter(([key]) => brokerId === undefined || key.startsWith(`${brokerId}\u0000`)).map(([, b]) => b);
  }

  /** Transitions of every breaker that exists when subscribed. */
  transitions$(): Observable<CircuitTransition> {
    return merge(...this.list().map((b) => b.state$));
  }

  /** A PreTradeCheck refusing orders while the broker's circuit for `endpoint` (default `orders`) is open. */
  preTradeCheck(brokerId: string, endpoint: EndpointClass = 'orders'): PreTradeCheck {
    const breaker = this.breaker(brokerId, endpoint);
    return {
      name: `circuit-breaker:${endpoint}`,
      check(request: OrderRequest): void {
        // HALF_OPEN passes here: the adapter's execute() admits exactly one probe.
        if (breaker.state === 'OPEN') breaker.assertCanCall(request.clientOrderId);
      },
    };
  }

  close(): void {
    for (const breaker of this.breakers.values()) breaker.close();
    this.breakers.clear();
  }
}
