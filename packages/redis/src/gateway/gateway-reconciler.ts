import {
  Decimal, isTerminalStatus, systemClock, type Broker, type Clock, type Fill, type Logger, type Order, type OrderRequest, type ReconcilableBroker,
  type VenueStateSource,
} from '@silvertine/core';
import { decodeEvent } from '@silvertine/resilience';
import type { RedisStreamsOrderJournal } from '../journal/redis-streams-order-journal';
import type { SilvertineRedisClient } from '../redis-client';
import { eventStreamKey } from './gateway-protocol';

/** What one takeover pass did for one broker. */
export interface TakeoverReconciliation {
  readonly brokerId: string;
  /** Places claimed in the gateway journal (within the look-back) whose outcome no earlier leader published. */
  readonly unsettled: number;
  /** Orders open at the venue now tracked by this gateway's broker. */
  readonly adoptedOpen: number;
  /** Unsettled places found at the venue (closed) and adopted with their fills. */
  readonly adoptedClosed: number;
  /** Unsettled places the venue never saw: recorded REJECTED, their claim marked refused (never sent). */
  readonly neverSent: number;
  /** Open venue orders no journal claim names (placed outside the gateway). */
  readonly foreign: number;
  /** Fills applied: from the event stream (already published once) and from the venue (missed). */
  readonly fillsFromStream: number;
  readonly fillsFromVenue: number;
  /** Orders whose venue filled quantity is still above the fills applied here after the pass (should be 0). */
  readonly fillGaps: number;
  readonly durationMs: number;
}

export interface GatewayReconcilerOptions {
  readonly prefix: string;
  /** The gateway's journal with claims: which client order ids a place claimed, with their requests. */
  readonly journal: RedisStreamsOrderJournal;
  /** For XRANGE of the brokers' event streams. */
  readonly client: SilvertineRedisClient;
  /** How far back places count as possibly unsettled (default 24 h; the event stream's retention also bounds it). */
  readonly lookbackMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/**
 * What a gateway that takes the lease does before it reads its first command: brings its brokers in line
 * with the venue for the orders an earlier leader placed. Its own broker tracked none of them (it stood
 * by), so without this a redelivered place would be refused as a duplicate and stay UNKNOWN, and fills of
 * the earlier leader's orders would not reach the strategies.
 *
 * Per broker: every order open at the venue is adopted (its later fills then flow). The places claimed in
 * the journal whose outcome the earlier leader did not publish (no terminal OrderUpdate on the broker's
 * event stream) are looked up at the venue by client order id: found, they are adopted with their fills
 * (first the ones already on the event stream, same trade ids; then any the venue has beyond them); not
 * found, the place never left (the leader died between claim and send), so it is recorded REJECTED and its
 * claim marked refused: it is never sent. Orders and fills go out on the bus, and from there to the event
 * stream, so strategies waiting on an UNKNOWN place learn its outcome.
 */
export class GatewayReconciler {
  private readonly clock: Clock;

  constructor(private readonly options: GatewayReconcilerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** One pass for `broker` against `venue`. Throws when the venue cannot be read (the takeover then retries). */
  async reconcile(broker: Broker & ReconcilableBroker, venue: VenueStateSource): Promise<TakeoverReconciliation> {
    const started = this.clock.now();
    const history = await this.streamHistory(broker.id, started - (this.options.lookbackMs ?? 86_400_000));
    const replay = await this.options.journal.replay();
    const claimed = new Map<string, { request: OrderRequest; at: number }>();
    for (const entry of replay.orders.values()) {
      if (entry.brokerId !== broker.id || entry.submittedAt === undefined || entry.submittedAt < history.since) continue;
      claimed.set(entry.clientOrderId, { request: entry.request, at: entry.submittedAt });
    }
    const unsettled = [...claimed.keys()].filter((id) => !history.settled.has(id));

    let adoptedOpen = 0;
    let foreign = 0;
    const adopted: string[] = [];
    const venueOpen = await venue.openOrders();
    const venueOrders = new Map<string, Order>();
    for (const order of venueOpen) {
      venueOrders.set(order.clientOrderId, order);
      if (await broker.getOrder(order.clientOrderId)) continue;
      broker.adoptOrder(order);
      adopted.push(order.clientOrderId);
      adoptedOpen++;
      if (!claimed.has(order.clientOrderId)) foreign++;
    }

    let adoptedClosed = 0;
    let neverSent = 0;
    for (const id of unsettled) {
      if (await broker.getOrder(id)) continue;
      const atVenue = venueOrders.get(id) ?? (await venue.orderByClientId(id));
      if (atVenue) {
        venueOrders.set(id, atVenue);
        broker.adoptOrder(atVenue);
        adopted.push(id);
        adoptedClosed++;
      } else {
        const claim = claimed.get(id);
        if (!claim) continue;
        broker.adoptOrder(neverSentOrder(id, claim.request, claim.at, this.clock.now()));
        await this.options.journal.markRefused(broker.id, id);
        neverSent++;
      }
    }

    // Fills: those the earlier leader published (same trade ids, so strategies count them once), then the
    // venue's for what is still missing (fills the leader took with it).
    let fillsFromStream = 0;
    for (const id of adopted) for (const fill of history.fills.get(id) ?? []) if (broker.reconcileFill(fill)) fillsFromStream++;
    const gaps = async () => {
      const out: string[] = [];
      for (const id of adopted) {
        const local = await broker.getOrder(id);
        const atVenue = venueOrders.get(id);
        if (local && atVenue && atVenue.filledQuantity.gt(local.filledQuantity)) out.push(id);
      }
      return out;
    };
    let fillsFromVenue = 0;
    let missing = await gaps();
    if (missing.length) {
      const since = Math.min(...missing.map((id) => claimed.get(id)?.at ?? venueOrders.get(id)?.createdAt ?? history.since)) - 1_000;
      const wanted = new Set(missing);
      const fills = [...(await venue.recentFills(since))].filter((f) => wanted.has(f.clientOrderId)).sort((a, b) => a.timestamp - b.timestamp);
      for (const fill of fills) if (broker.reconcileFill(fill)) fillsFromVenue++;
      missing = await gaps();
    }
    broker.reconciled?.();
    const report: TakeoverReconciliation = {
      brokerId: broker.id, unsettled: unsettled.length, adoptedOpen, adoptedClosed, neverSent, foreign, fillsFromStream, fillsFromVenue,
      fillGaps: missing.length, durationMs: this.clock.now() - started,
    };
    this.options.logger?.warn('takeover reconciliation', { ...report });
    return report;
  }

  /**
   * The broker's event stream as far back as `since` (or as far as it is kept): the client order ids whose
   * terminal status was published, and the fills published per order.
   */
  private async streamHistory(brokerId: string, since: number): Promise<{ since: number; settled: Set<string>; fills: Map<string, Fill[]> }> {
    const key = eventStreamKey(this.options.prefix, brokerId);
    // Trimmed history (MAXLEN): places older than what the stream still holds are not judged by it.
    const from = Math.max(since, await this.trimmedUpTo(key));
    const settled = new Set<string>();
    const fills = new Map<string, Fill[]>();
    let start = `${from}-0`;
    for (;;) {
      const page = (await this.options.client.xRange(key, start, '+', { COUNT: 1000 })) ?? [];
      for (const entry of page) {
        const type = String(entry.message.type);
        if (type !== 'OrderUpdate' && type !== 'Fill') continue;
        const event = decodeEvent(JSON.parse(String(entry.message.e)) as Record<string, unknown>);
        if (event.type === 'OrderUpdate' && isTerminalStatus(event.order.status)) settled.add(event.order.clientOrderId);
        else if (event.type === 'Fill') {
          const list = fills.get(event.fill.clientOrderId);
          if (list) list.push(event.fill);
          else fills.set(event.fill.clientOrderId, [event.fill]);
        }
      }
      if (page.length < 1000) break;
      start = `(${page[page.length - 1].id}`;
    }
    return { since: from, settled, fills };
  }

  /** The time (ms) of the first entry a trimmed stream still holds; 0 when nothing was ever trimmed. */
  private async trimmedUpTo(key: string): Promise<number> {
    let info: unknown;
    try {
      info = await this.options.client.sendCommand(['XINFO', 'STREAM', key]);
    } catch {
      return 0; // no stream yet
    }
    // RESP2 answers a flat array of names and values, RESP3 a map.
    const field = (name: string): unknown => {
      if (Array.isArray(info)) return info[info.indexOf(name) + 1];
      if (info instanceof Map) return info.get(name);
      return (info as Record<string, unknown>)[name];
    };
    const length = Number(field('length'));
    const added = Number(field('entries-added'));
    if (!Number.isFinite(added) || added <= length) return 0;
    const first = field('first-entry') as [string, unknown] | null;
    return first ? Number(String(first[0]).split('-')[0]) : 0;
  }
}

/** A claimed place the venue never saw: REJECTED, never to be sent. */
function neverSentOrder(clientOrderId: string, request: OrderRequest, submittedAt: number, now: number): Order {
  return {
    request, clientOrderId, status: 'REJECTED', filledQuantity: Decimal.ZERO, remainingQuantity: request.quantity,
    createdAt: submittedAt, updatedAt: now, rejectReason: 'not found at the venue when a standby gateway took over: never sent',
  };
}
