import { Decimal, seededRandom, type MarketData, type RandomSource } from '@silvertine/core';
import { createLatencyModel, type LatencyModel, type LatencyModelConfig, type SlippageModelConfig } from '@silvertine/paper';
import type { MatchEvent, OrderMatcher, WorkingOrder } from './order-matcher.port';

/**
 * How the emulated venue treats orders, when it should not behave like paper's defaults (fills at the
 * touch, at once, in one piece). Seeded: the same seed and the same orders give the same delays,
 * prices and splits. Used to give a shadow session a venue whose behaviour is known (issue #20).
 */
export interface VenueBehaviour {
  /** Slippage of taker fills from the opposite best quote, as paper models it (default none). */
  readonly slippage?: SlippageModelConfig;
  /**
   * Delay between an order reaching the venue and it working against the book (default none): the
   * order is acknowledged NEW at once and matched against the book as it is when the delay ends.
   * A cancel that arrives first cancels it unmatched.
   */
  readonly latency?: LatencyModelConfig;
  /** With `probability` (0–1), a fill is reported as `parts` fills (≥ 2) of whole steps at the same price. */
  readonly partialFills?: { readonly probability: number; readonly parts: number };
  /** Seed of the delays and the splits (default 1). */
  readonly seed?: number;
}

/** Where delayed events go (the exchange applies them as it applies a submit's). */
export type MatchEventSink = (events: readonly MatchEvent[], now: number) => void;

/** Throws RangeError for a behaviour that cannot be run. */
export function validateVenueBehaviour(behaviour: VenueBehaviour): void {
  const split = behaviour.partialFills;
  if (split && (!(split.probability >= 0 && split.probability <= 1) || !Number.isInteger(split.parts) || split.parts < 2)) {
    throw new RangeError(`venue partialFills needs 0 <= probability <= 1 and a whole number of parts >= 2, got ${JSON.stringify(split)}`);
  }
}

/**
 * An OrderMatcher with a venue's latency and partial-fill profile around another (the slippage is the
 * inner matcher's: PaperEngineMatcher takes it). Delays run on real timers (the emulator is a server),
 * but a delayed match is stamped at arrival + delay exactly; `close` clears them.
 */
export class VenueBehaviourMatcher implements OrderMatcher {
  private readonly random: RandomSource;
  private readonly latency?: LatencyModel;
  private readonly delayed = new Map<string, ReturnType<typeof setTimeout>>();
  private sink?: MatchEventSink;

  constructor(
    private readonly inner: OrderMatcher,
    private readonly behaviour: VenueBehaviour,
    private readonly stepSize: (symbol: string) => Decimal,
  ) {
    validateVenueBehaviour(behaviour);
    this.random = seededRandom(behaviour.seed ?? 1);
    // Its own stream for the delays, so that a change of the split profile does not change the delays.
    if (behaviour.latency && behaviour.latency.model !== 'NONE') this.latency = createLatencyModel(behaviour.latency, seededRandom((behaviour.seed ?? 1) + 1));
  }

  attach(sink: MatchEventSink): void {
    this.sink = sink;
  }

  submit(order: WorkingOrder, now: number): MatchEvent[] {
    const delay = this.latency?.next() ?? 0;
    if (delay <= 0 || !this.sink) return this.split(order.symbol, this.inner.submit(order, now));
    // The match is stamped when the latency ends, not when a loaded event loop got round to the timer:
    // the venue's timing is what was configured, whatever the machine's load.
    const due = now + delay;
    const timer = setTimeout(() => {
      this.delayed.delete(order.clientOrderId);
      // The inner matcher's ACCEPTED was already reported when the order arrived.
      const events = this.split(order.symbol, this.inner.submit(order, due)).filter((e) => e.kind !== 'ACCEPTED');
      this.sink?.(events, due);
    }, delay);
    this.delayed.set(order.clientOrderId, timer);
    return [{ kind: 'ACCEPTED', clientOrderId: order.clientOrderId }];
  }

  cancel(clientOrderId: string, now: number): MatchEvent[] {
    const timer = this.delayed.get(clientOrderId);
    if (timer === undefined) return this.inner.cancel(clientOrderId, now);
    clearTimeout(timer);
    this.delayed.delete(clientOrderId);
    return [{ kind: 'CANCELED', clientOrderId }];
  }

  onMarketData(data: MarketData, now: number): MatchEvent[] {
    return this.split(data.symbol, this.inner.onMarketData(data, now));
  }

  /** Drops every delayed order (the emulator is closing). */
  close(): void {
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
  }

  /** Each FILL, with the configured probability, as `parts` fills of whole steps (the last takes the rest). */
  private split(symbol: string, events: MatchEvent[]): MatchEvent[] {
    const profile = this.behaviour.partialFills;
    if (!profile || profile.probability <= 0) return events;
    const out: MatchEvent[] = [];
    for (const e of events) {
      if (e.kind !== 'FILL' || this.random() >= profile.probability) {
        out.push(e);
        continue;
      }
      const step = this.stepSize(symbol);
      const piece = e.quantity.div(profile.parts, 'DOWN').roundToStep(step, 'DOWN');
      if (!piece.isPositive()) {
        out.push(e);
        continue;
      }
      for (let i = 0; i < profile.parts - 1; i++) out.push({ ...e, quantity: piece });
      out.push({ ...e, quantity: e.quantity.minus(piece.times(profile.parts - 1)) });
    }
    return out;
  }
}
