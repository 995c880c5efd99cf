import { Decimal, type EventBus, type OrderStatus, type SilvertineEvent } from '@silvertine/core';
import type { Subscription } from 'rxjs';

/** An event and its position in the bus's global publication order. */
export interface Recorded {
  readonly seq: number;
  readonly event: SilvertineEvent;
}

/**
 * Records every bus event with a global sequence number, so tests can check causality across types
 * (MarketData before Order before OrderUpdate...) and per-broker order.
 */
export class EventRecorder {
  readonly events: Recorded[] = [];
  private readonly subscription: Subscription;

  constructor(bus: EventBus) {
    this.subscription = bus.events$.subscribe((event) => this.events.push({ seq: this.events.length, event }));
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  /** Events that concern one order: its OrderEvent (by the request's clientOrderId), updates and fills. */
  ofOrder(clientOrderId: string): Recorded[] {
    return this.events.filter(({ event: e }) =>
      (e.type === 'Order' && e.action === 'submit' && e.request.clientOrderId === clientOrderId) ||
      (e.type === 'OrderUpdate' && e.order.clientOrderId === clientOrderId) ||
      (e.type === 'Fill' && e.fill.clientOrderId === clientOrderId),
    );
  }

  ofType<T extends SilvertineEvent['type']>(type: T, brokerId?: string): Extract<SilvertineEvent, { type: T }>[] {
    return this.events
      .map((r) => r.event)
      .filter((e): e is Extract<SilvertineEvent, { type: T }> => e.type === type && (brokerId === undefined || ('brokerId' in e && e.brokerId === brokerId)));
  }

  /** The last OrderUpdate status of an order. */
  lastStatus(clientOrderId: string): OrderStatus | undefined {
    const updates = this.ofOrder(clientOrderId).filter((r) => r.event.type === 'OrderUpdate');
    const last = updates[updates.length - 1]?.event;
    return last?.type === 'OrderUpdate' ? last.order.status : undefined;
  }
}

/** Statuses an order may pass through on its way to FILLED (UNKNOWN only if an ack is lost). */
const ON_THE_WAY: ReadonlySet<OrderStatus> = new Set(['PENDING_SUBMIT', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED', 'UNKNOWN']);

/**
 * Checks the full life of one filled order and returns what is wrong (empty when all is well):
 * MarketData (its trigger) → Order → OrderUpdate(PENDING_SUBMIT) → OrderUpdate(s) → Fill → OrderUpdate
 * ... → OrderUpdate(FILLED), every Fill immediately followed by the update that applied it, filled
 * quantities adding up exactly, and nothing after FILLED.
 */
export function checkFilledOrderFlow(recorder: EventRecorder, clientOrderId: string): string[] {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${clientOrderId}: ${what}`);
  const life = recorder.ofOrder(clientOrderId);
  const first = life[0]?.event;
  if (first?.type !== 'Order' || first.action !== 'submit') return [`${clientOrderId}: no OrderEvent starts its life (${life.map((r) => r.event.type).join(', ')})`];
  const trigger = first.request.tags?.trigger;
  const marketData = recorder.events.find((r) => r.event.id === trigger);
  if (!marketData || marketData.event.type !== 'MarketData') say('its trigger is not a recorded MarketDataEvent');
  else if (marketData.seq >= life[0].seq) say('OrderEvent published before its MarketDataEvent');
  const quantity = Decimal.from(first.request.quantity);

  const rest = life.slice(1).map((r) => r.event);
  if (rest[0]?.type !== 'OrderUpdate' || rest[0].order.status !== 'PENDING_SUBMIT') say(`first update is ${describe(rest[0])}, expected OrderUpdate(PENDING_SUBMIT)`);
  let filled = Decimal.from(0);
  let fills = 0;
  for (let i = 0; i < rest.length; i++) {
    const e = rest[i];
    const isLast = i === rest.length - 1;
    if (e.type === 'Fill') {
      fills++;
      filled = filled.plus(e.fill.quantity);
      const next = rest[i + 1];
      if (next?.type !== 'OrderUpdate' || !next.order.filledQuantity.eq(filled)) say(`Fill ${e.fill.tradeId} not followed by the OrderUpdate applying it (got ${describe(next)})`);
    } else if (e.type === 'OrderUpdate') {
      const status = e.order.status;
      if (isLast) {
        if (status !== 'FILLED') say(`ends with OrderUpdate(${status}), expected FILLED`);
      } else if (!ON_THE_WAY.has(status)) {
        say(`OrderUpdate(${status}) before the end`);
      }
    } else {
      say(`unexpected ${e.type} in its life`);
    }
  }
  if (fills === 0) say('no FillEvent');
  if (!filled.eq(quantity)) say(`fills add up to ${filled.toString()}, ordered ${quantity.toString()}`);
  return problems;
}

function describe(event: SilvertineEvent | undefined): string {
  if (!event) return 'nothing';
  return event.type === 'OrderUpdate' ? `OrderUpdate(${event.order.status})` : event.type;
}

/**
 * A deadline that only ends a run that is really stuck: these flows take a second or two on a quiet
 * machine and many times that when the test process gets a fraction of the CPU (npm run test:load).
 */
export const SAFETY_NET_MS = 60_000;

/**
 * Resolves once `check` holds; rejects with `what` after `ms` (condition polling with a safety net, not a
 * timed assertion: nothing here waits for time to pass).
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = SAFETY_NET_MS, detail?: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail ? `: ${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Resolves at the first event published on `bus` for which `done` returns true (`done` may count what it
 * sees: it is called once per event, in publication order, and nothing is polled). Subscribe before
 * causing the events: earlier ones are not replayed. Rejects with `what` and `detail()` after `ms`, a
 * safety net sized by the work.
 */
export function untilEvent(bus: EventBus, done: (event: SilvertineEvent) => boolean, what: string, ms: number, detail?: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}${detail ? `: ${detail()}` : ''}`));
    }, ms);
    const subscription = bus.events$.subscribe((event) => {
      if (!done(event)) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    });
  });
}
