import { RateLimitError, systemClock, type Clock } from '@silvertine/core';
import type { GatewayOp } from './gateway-protocol';

/** A per-strategy share of the venue's order rate: at most `orders` places per `windowMs`, per strategy and broker. */
export interface StrategyBudget {
  readonly orders: number;
  readonly windowMs: number;
}

/** What one strategy (one RemoteBroker client id) asked of one broker of the gateway. */
export interface StrategyUsage {
  readonly brokerId: string;
  readonly strategy: string;
  /** Commands executed, by op. */
  readonly commands: Readonly<Partial<Record<GatewayOp, number>>>;
  /** Places that took a share of the budget (sent, or about to be). */
  readonly orders: number;
  /** Places refused because the strategy's budget was spent (never sent). */
  readonly refused: number;
  /** Places within the current window (what the budget counts). */
  readonly inWindow: number;
  /** The budget's `orders`, when there is one. */
  readonly budget?: number;
}

interface Entry {
  readonly brokerId: string;
  readonly strategy: string;
  readonly commands: Partial<Record<GatewayOp, number>>;
  orders: number;
  refused: number;
  /** Times of the places in the window, oldest first. */
  readonly times: number[];
}

/** Strategy names kept apart before the rest are counted together (a bound on metric labels). */
const MAX_STRATEGIES = 256;
const OTHER = 'other';

/**
 * Who uses a gateway: the strategies behind the commands (named by their reply stream, i.e. the
 * RemoteBroker's client id) share one venue connection and its rate limits. Counts commands and places
 * per strategy for /metrics; with a budget, a place beyond a strategy's share of the window is refused
 * before it is claimed or sent (RateLimitError: definitely not sent), so one strategy cannot spend the
 * account's order rate on its own.
 */
export class StrategyAccounting {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;

  constructor(private readonly budget?: StrategyBudget, clock?: Clock) {
    this.clock = clock ?? systemClock;
    if (budget && (!(budget.orders > 0) || !(budget.windowMs > 0))) throw new RangeError('a strategy budget needs orders > 0 and windowMs > 0');
  }

  /** The strategy of a command, from its reply stream `<prefix>gw:<brokerId>:replies:<clientId>`. */
  strategyOf(replyStream: string, prefix: string, brokerId: string): string {
    const head = `${prefix}gw:${brokerId}:replies:`;
    return replyStream.startsWith(head) && replyStream.length > head.length ? replyStream.slice(head.length) : 'unknown';
  }

  command(brokerId: string, strategy: string, op: GatewayOp): void {
    const entry = this.entry(brokerId, strategy);
    entry.commands[op] = (entry.commands[op] ?? 0) + 1;
  }

  /** Takes one place from the strategy's budget, or throws RateLimitError (nothing else happened). */
  takeOrder(brokerId: string, strategy: string, clientOrderId: string): void {
    const entry = this.entry(brokerId, strategy);
    const now = this.clock.now();
    if (this.budget) {
      this.prune(entry, now);
      if (entry.times.length >= this.budget.orders) {
        entry.refused++;
        const retryAfterMs = Math.max(1, entry.times[0] + this.budget.windowMs - now);
        throw new RateLimitError(`strategy ${strategy} spent its budget of ${this.budget.orders} orders per ${this.budget.windowMs} ms on ${brokerId}: ${clientOrderId} not sent`, retryAfterMs, { brokerId, clientOrderId });
      }
      entry.times.push(now);
    }
    entry.orders++;
  }

  /** Every strategy seen, per broker. */
  usage(): StrategyUsage[] {
    const now = this.clock.now();
    return [...this.entries.values()].map((entry) => {
      this.prune(entry, now);
      return {
        brokerId: entry.brokerId, strategy: entry.strategy, commands: { ...entry.commands }, orders: entry.orders, refused: entry.refused,
        inWindow: entry.times.length, budget: this.budget?.orders,
      };
    });
  }

  private prune(entry: Entry, now: number): void {
    if (!this.budget) return;
    const from = now - this.budget.windowMs;
    let drop = 0;
    while (drop < entry.times.length && entry.times[drop] <= from) drop++;
    if (drop) entry.times.splice(0, drop);
  }

  private entry(brokerId: string, strategy: string): Entry {
    let key = `${brokerId}\u0000${strategy}`;
    let entry = this.entries.get(key);
    if (entry) return entry;
    if (this.entries.size >= MAX_STRATEGIES) {
      strategy = OTHER;
      key = `${brokerId}\u0000${OTHER}`;
      entry = this.entries.get(key);
      if (entry) return entry;
    }
    entry = { brokerId, strategy, commands: {}, orders: 0, refused: 0, times: [] };
    this.entries.set(key, entry);
    return entry;
  }
}
