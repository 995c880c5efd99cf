import type { Fill, Order, OrderRequest } from '../domain/order';
/**
 * Durable record of order intents and their later states (the journal port; @silvertine/resilience
 * provides the append-only file journal, @silvertine/redis a Redis Streams one).
 *
 * AbstractBroker calls `recordSubmit` and waits for it BEFORE the order leaves the process, so that after
 * a crash every order that might exist at the venue is known and can be reconciled. The other calls are
 * fire-and-forget from the broker's point of view; implementations decide their fsync policy.
 */
export interface OrderJournal {
    recordSubmit(brokerId: string, request: OrderRequest, at: number): void | Promise<void>;
    recordUpdate(brokerId: string, order: Order): void;
    recordFill(brokerId: string, fill: Fill): void;
}
