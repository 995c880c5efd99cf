import { randomUUID } from 'node:crypto';
import { ClientClosedError, ClientOfflineError } from 'redis';
import {
  AbstractBroker, DuplicateOrderError, OrderNotSentError, TemporaryConnectionError, TimeoutError, UnknownOrderStatusError,
  type BrokerAccountInfo, type BrokerBalance, type BrokerCapabilities, type BrokerInit, type BrokerPosition, type ConnectionState, type Instrument,
  type Order, type SilvertineEvent, type SubmitAcknowledgement, type TimerHandle,
} from '@silvertine/core';
import { decodeEvent, decodeInstrument, decodeOrder, decodePosition, encodeOrderRequest } from '@silvertine/resilience';
import { connectRedis, createRedisClient, waitForReady, type SilvertineRedisClient } from '../redis-client';
import { decodeAccountInfo, decodeBalance } from '../gateway/account-codec';
import { decodeBrokerError } from '../gateway/error-codec';
import {
  commandStreamKey, decodeReply, encodeCommand, eventStreamKey, replyStreamKey, type GatewayOp,
} from '../gateway/gateway-protocol';

export interface RemoteBrokerConfig {
  /** The Redis the gateway serves on, e.g. redis://127.0.0.1:6379. */
  readonly url: string;
  /** The gateway's key prefix, e.g. "silvertine:". */
  readonly prefix: string;
  /**
   * How long a command may wait for its reply (default 10 s). A place without a reply in time is
   * UNKNOWN, exactly as at a venue: never sent again, resolved by `getOrder` or by the events that follow.
   */
  readonly requestTimeoutMs?: number;
  readonly maxReconnectDelayMs?: number;
  /** XREAD BLOCK in ms of the event and reply reader (default 1000; disconnect does not wait for it). */
  readonly blockMs?: number;
  /** This process's name on the reply stream (default a random UUID). */
  readonly clientId?: string;
}

type R = Record<string, unknown>;

interface PendingRequest {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
  readonly clientOrderId?: string;
}

const NO_CAPABILITIES: BrokerCapabilities = { orderTypes: [], timeInForce: [], assetClasses: [], features: [] };

/** Statuses a RemoteBroker takes from the gateway's order updates; the rest it derives itself (fills, its own requests). */
const REMOTE_STATUSES = new Set<Order['status']>(['SUBMITTED', 'ACCEPTED', 'CANCELED', 'REJECTED', 'EXPIRED', 'UNKNOWN']);

/**
 * A broker of a gateway process, for a strategy process: `implements Broker` (through AbstractBroker,
 * so validation, the order state machine, fill deduplication, the position ledger and the bus are the
 * same as for any broker). The gateway plays the venue: places and cancels go to its command stream,
 * replies come back correlated by request id, and the broker's order updates, fills, connection states
 * and errors come from its event stream onto this process's bus. Only this process's own orders are
 * tracked: `getOpenOrders` and `localPositions` are this strategy's; `getPositions` and balances are the
 * account's, asked of the gateway.
 */
export class RemoteBroker extends AbstractBroker<RemoteBrokerConfig> {
  private caps: BrokerCapabilities = NO_CAPABILITIES;
  private remoteState: ConnectionState = 'DISCONNECTED';
  private writer?: SilvertineRedisClient;
  private reader?: SilvertineRedisClient;
  private readonly clientId: string;
  private readonly pending = new Map<string, PendingRequest>();
  /** Client order ids with a place or cancel awaiting its reply (the reply carries their errors). */
  private readonly awaiting = new Map<string, number>();
  private running = false;
  private loop?: Promise<void>;
  private seq = 0;

  constructor(init: BrokerInit<RemoteBrokerConfig>) {
    super(init);
    this.clientId = init.config.clientId ?? randomUUID();
  }

  /** What the gateway's broker declared (empty until connected). */
  get capabilities(): BrokerCapabilities {
    return this.caps;
  }

  /** Requests sent and not answered yet. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  override async connect(): Promise<void> {
    await super.connect();
    // Connected to the gateway; its venue connection may be down: say so (orders would fail there).
    if (this.remoteState !== 'CONNECTED' && this.state === 'CONNECTED') this.setConnectionState('RECONNECTING', `gateway broker is ${this.remoteState}`);
  }

  protected async connectVenue(): Promise<void> {
    const options = { url: this.config.url, maxReconnectDelayMs: this.config.maxReconnectDelayMs };
    this.writer = createRedisClient(options);
    this.reader = createRedisClient(options);
    try {
      await Promise.all([connectRedis(this.writer), connectRedis(this.reader)]);
      // Events from now on: anything older is another session's history.
      const last = await this.writer.xRevRange(eventStreamKey(this.config.prefix, this.id), '+', '-', { COUNT: 1 });
      this.running = true;
      this.loop = this.readLoop(this.reader, last?.[0]?.id ?? '0-0');
      const description = (await this.request('describe', {})) as R;
      this.caps = description.capabilities as BrokerCapabilities;
      this.remoteState = description.state as ConnectionState;
      this.registerInstruments((description.instruments as R[]).map((i) => decodeInstrument(i)));
    } catch (error) {
      await this.closeConnections();
      throw error;
    }
  }

  protected async disconnectVenue(): Promise<void> {
    await this.closeConnections();
  }

  protected async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    let value: unknown;
    try {
      value = await this.request('place', { request: encodeOrderRequest(order.request) }, order.clientOrderId);
    } catch (error) {
      // The gateway had this id claimed already (an earlier delivery of this very place): it may be at the
      // venue, so the outcome is unknown, not a rejection.
      if (error instanceof DuplicateOrderError) throw new UnknownOrderStatusError(`gateway already holds ${order.clientOrderId}: ${error.message}`, { brokerId: this.id, clientOrderId: order.clientOrderId });
      throw error;
    }
    const remote = decodeOrder(value as R);
    return { venueOrderId: remote.venueOrderId, status: remote.status === 'SUBMITTED' ? 'SUBMITTED' : 'ACCEPTED' };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    const remote = decodeOrder((await this.request('cancel', { clientOrderId: order.clientOrderId }, order.clientOrderId)) as R);
    this.applyRemoteStatus(remote);
  }

  /**
   * The order as this process knows it. An UNKNOWN one is first resolved by its client order id at the
   * gateway: the broker's order when it has one; REJECTED when the gateway gave the id up because no
   * submit had claimed it (the place never reached the venue and never will); still UNKNOWN otherwise.
   * An order this process never placed is looked up at the gateway (not tracked).
   */
  override async getOrder(clientOrderId: string): Promise<Order | undefined> {
    const local = await super.getOrder(clientOrderId);
    if (local && local.status !== 'UNKNOWN') return local;
    if (!local) {
      const value = await this.request('getOrder', { clientOrderId });
      return value === null ? undefined : decodeOrder(value as R);
    }
    const resolution = (await this.request('resolve', { clientOrderId })) as R;
    if (resolution.order) this.applyRemoteStatus(decodeOrder(resolution.order as R));
    else if (resolution.claim === 'abandoned' || resolution.claim === 'refused') {
      this.applyVenueStatus(clientOrderId, 'REJECTED', { rejectReason: resolution.claim === 'abandoned' ? 'never reached the gateway: given up after its place timed out' : 'refused by the gateway before it was sent' });
    }
    return super.getOrder(clientOrderId);
  }

  async getPositions(): Promise<readonly BrokerPosition[]> {
    return ((await this.request('positions', {})) as R[]).map((p) => decodePosition(p));
  }

  async getBalances(): Promise<readonly BrokerBalance[]> {
    return ((await this.request('balances', {})) as R[]).map((b) => decodeBalance(b));
  }

  async getAccountInfo(): Promise<BrokerAccountInfo> {
    return decodeAccountInfo((await this.request('account', {})) as R);
  }

  protected override async lookupInstrument(symbol: string): Promise<Instrument | undefined> {
    const value = await this.request('instrument', { symbol });
    return value === null ? undefined : decodeInstrument(value as R);
  }

  // ---- the wire ------------------------------------------------------------------------------

  /** Sends one command and waits for its reply, or rejects: the gateway's error, TimeoutError, or not sent. */
  private request(op: GatewayOp, args: R, clientOrderId?: string): Promise<unknown> {
    const writer = this.writer;
    if (!writer || !this.running) return Promise.reject(new TemporaryConnectionError(`remote broker ${this.id} is not connected`, { brokerId: this.id, clientOrderId }));
    const rid = `${this.clientId}:${++this.seq}`;
    const ms = this.config.requestTimeoutMs ?? 10_000;
    return new Promise<unknown>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (!this.pending.has(rid)) return;
        this.settle(rid);
        reject(new TimeoutError(`no reply from the gateway to ${op} within ${ms} ms`, ms, { brokerId: this.id, clientOrderId }));
      }, ms);
      this.pending.set(rid, { resolve, reject, timer, clientOrderId });
      if (clientOrderId) this.awaiting.set(clientOrderId, (this.awaiting.get(clientOrderId) ?? 0) + 1);
      const command = encodeCommand({ rid, op, reply: replyStreamKey(this.config.prefix, this.id, this.clientId), args });
      writer.xAdd(commandStreamKey(this.config.prefix, this.id), '*', command).catch((error: unknown) => {
        if (!this.pending.has(rid)) return;
        this.settle(rid);
        // Offline or closed: the command never left this process, so the gateway cannot have it.
        const notSent = error instanceof ClientOfflineError || error instanceof ClientClosedError;
        const message = `${op} not delivered to the gateway: ${error instanceof Error ? error.message : String(error)}`;
        reject(notSent ? new OrderNotSentError(message, { brokerId: this.id, clientOrderId }) : new TemporaryConnectionError(message, { brokerId: this.id, clientOrderId }));
      });
    });
  }

  /** Forgets a request (its timer and its awaited id); returns it. */
  private settle(rid: string): PendingRequest | undefined {
    const request = this.pending.get(rid);
    if (!request) return undefined;
    this.pending.delete(rid);
    request.timer.cancel();
    if (request.clientOrderId) {
      const left = (this.awaiting.get(request.clientOrderId) ?? 1) - 1;
      if (left > 0) this.awaiting.set(request.clientOrderId, left);
      else this.awaiting.delete(request.clientOrderId);
    }
    return request;
  }

  private async readLoop(reader: SilvertineRedisClient, eventsFrom: string): Promise<void> {
    const events = eventStreamKey(this.config.prefix, this.id);
    const replies = replyStreamKey(this.config.prefix, this.id, this.clientId);
    let lastEvent = eventsFrom;
    let lastReply = '0-0';
    while (this.running) {
      try {
        // Events first: the gateway wrote them before any reply that follows them.
        const response = await reader.xRead([{ key: events, id: lastEvent }, { key: replies, id: lastReply }], { BLOCK: this.config.blockMs ?? 1_000, COUNT: 500 });
        for (const stream of (response ?? []) as { name: string; messages: { id: string; message: Record<string, string> }[] }[]) {
          for (const entry of stream.messages) {
            if (stream.name === events) {
              lastEvent = entry.id;
              this.guardInbound('gateway:event', () => this.onEvent(decodeEvent(JSON.parse(entry.message.e) as R)));
            } else {
              lastReply = entry.id;
              this.guardInbound('gateway:reply', () => this.onReply(entry.message));
            }
          }
        }
        if (this.state === 'RECONNECTING' && this.remoteState === 'CONNECTED') this.setConnectionState('CONNECTED', 'redis reachable again');
      } catch {
        if (!this.running) return;
        if (this.state === 'CONNECTED') this.setConnectionState('RECONNECTING', 'redis unreachable');
        await waitForReady(reader, () => this.running);
      }
    }
  }

  private onReply(fields: Record<string, string>): void {
    const reply = decodeReply(fields);
    const request = this.settle(reply.rid);
    if (!request) return; // answered after its timeout: the events stream told (or will tell) the outcome
    if (reply.ok) request.resolve(reply.value);
    else request.reject(decodeBrokerError(reply.error));
  }

  private onEvent(event: SilvertineEvent): void {
    switch (event.type) {
      case 'Fill':
        if (this.tracker.has(event.fill.clientOrderId)) this.applyVenueFill(event.fill);
        return;
      case 'OrderUpdate':
        if (this.tracker.has(event.order.clientOrderId)) this.applyRemoteStatus(event.order);
        return;
      case 'ConnectionState':
        this.onRemoteState(event.current, event.reason);
        return;
      case 'BrokerError': {
        // Errors of a place or cancel in flight come back with its reply (and are published from there).
        const id = event.clientOrderId;
        if (id === undefined || (this.tracker.has(id) && !this.awaiting.has(id))) this.bus.publish(event);
        return;
      }
      default:
        return;
    }
  }

  /** A status the gateway's broker reported, for statuses not derived here (fills, our own cancels). */
  private applyRemoteStatus(remote: Order): void {
    if (!REMOTE_STATUSES.has(remote.status)) return;
    const local = this.tracker.get(remote.clientOrderId);
    if (!local || (local.status === remote.status && (local.venueOrderId || !remote.venueOrderId))) return;
    this.applyVenueStatus(remote.clientOrderId, remote.status, { venueOrderId: remote.venueOrderId, rejectReason: remote.rejectReason });
  }

  /** The gateway's venue connection: this broker is RECONNECTING while it is not CONNECTED. */
  private onRemoteState(current: ConnectionState, reason?: string): void {
    this.remoteState = current;
    if (current === 'CONNECTED' && this.state === 'RECONNECTING') this.setConnectionState('CONNECTED', 'gateway broker connected');
    else if (current !== 'CONNECTED' && current !== 'CONNECTING' && this.state === 'CONNECTED') this.setConnectionState('RECONNECTING', `gateway broker is ${current}${reason ? `: ${reason}` : ''}`);
  }

  private async closeConnections(): Promise<void> {
    this.running = false;
    for (const rid of [...this.pending.keys()]) {
      const request = this.settle(rid);
      request?.reject(new TemporaryConnectionError(`remote broker ${this.id} disconnected before the gateway replied`, { brokerId: this.id, clientOrderId: request.clientOrderId }));
    }
    const { writer, reader } = this;
    this.writer = undefined;
    this.reader = undefined;
    // The blocked XREAD ends with the reader: nothing to wait for on that connection.
    if (reader?.isOpen) reader.destroy();
    await this.loop?.catch(() => undefined);
    this.loop = undefined;
    if (writer?.isReady) {
      await writer.del(replyStreamKey(this.config.prefix, this.id, this.clientId)).catch(() => undefined);
      await writer.close();
    } else if (writer?.isOpen) {
      writer.destroy();
    }
  }
}
