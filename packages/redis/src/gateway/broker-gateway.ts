import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import {
  DuplicateOrderError, InvalidOrderError, OrderNotSentError, createEvent, createSilentLogger, isBrokerError, systemClock, type Broker, type Clock,
  type EventBus, type Logger, type Order, type OrderRequest, type TimerHandle,
} from '@silvertine/core';
import { decodeOrderRequest, encodeEvent, encodeInstrument, encodeOrder, encodePosition, type Json } from '@silvertine/resilience';
import { FencedError, type RedisStreamsOrderJournal } from '../journal/redis-streams-order-journal';
import { waitForReady, type SilvertineRedisClient } from '../redis-client';
import { encodeAccountInfo, encodeBalance } from './account-codec';
import { encodeBrokerError } from './error-codec';
import type { GatewayLease } from './gateway-lease';
import {
  GATEWAY_EVENT_TYPES, GatewayProtocolError, commandStreamKey, decodeCommand, encodeReply, eventStreamKey, objectArg, requiredString, stringArg, type GatewayCommand,
} from './gateway-protocol';
import { OrderedStreamWriter } from './ordered-stream-writer';
import { StrategyAccounting, type StrategyBudget, type StrategyUsage } from './strategy-accounting';

/** Where a gateway stands among its peers. */
export type GatewayRole = 'stopped' | 'standby' | 'leader' | 'fenced';

export interface BrokerGatewayOptions {
  /** The brokers served, connected by their owner (the gateway never connects or disconnects them). */
  readonly brokers: readonly Broker[];
  /** The bus those brokers publish on: their events go to the event streams from here. */
  readonly bus: EventBus;
  /** For XADD (events, replies) and XACK. */
  readonly writer: SilvertineRedisClient;
  /** A separate connection for the blocking XREADGROUP. */
  readonly reader: SilvertineRedisClient;
  /** Key prefix, e.g. "silvertine:" (streams are `<prefix>gw:<brokerId>:…`). */
  readonly prefix: string;
  /** Consumer group of the command streams (default "gateway"). */
  readonly group?: string;
  /** This instance's consumer name, stable across restarts so its pending commands are read again (default "gateway-1"). */
  readonly consumer?: string;
  /**
   * The gateway's journal, with `claims`: every place is recorded and its client order id claimed there
   * (one script) before the broker sees it, so a place of an id claimed before (a redelivery, a retry
   * after a failover, a second gateway) is refused and never sent; `resolve` gives up ids no place
   * claimed. Independent of any journal the brokers keep themselves. Without it nothing is deduplicated
   * beyond what the broker in this process remembers.
   */
  readonly journal?: RedisStreamsOrderJournal;
  readonly clock?: Clock;
  /**
   * High availability: serve only while holding this lease. Without it the gateway serves at once and
   * alone. With it, a standby campaigns every `leaseRetryMs`; on taking the lease it runs `beforeServing`
   * (reconcile with the venue), takes over the commands other consumers read and never acknowledged,
   * then serves, renewing every third of the lease; every claim carries the lease's fencing token, so
   * once a newer holder exists this one sends nothing and steps down. Needs `journal` (claims).
   */
  readonly lease?: GatewayLease;
  /** How often a standby tries to take the lease (default a fifth of its duration). */
  readonly leaseRetryMs?: number;
  /** Runs after the lease was taken, before the first command is read (a reconciliation pass). */
  readonly beforeServing?: () => Promise<void>;
  readonly logger?: Logger;
  /** XREADGROUP BLOCK in ms, which is also how long `stop` may wait for the read loop (default 200). */
  readonly blockMs?: number;
  /** Approximate MAXLEN of each event stream (default 100,000). */
  readonly maxEventStreamLength?: number;
  /** A reply stream expires this long after its last reply (default 1 h): clients that vanished leave nothing. */
  readonly replyTtlMs?: number;
  /**
   * Each strategy's share of the venue's order rate (strategies are told apart by their RemoteBroker
   * client id): a place beyond it is refused with RateLimitError before it is claimed or sent. Without it
   * places are only counted per strategy (`strategyUsage`).
   */
  readonly strategyBudget?: StrategyBudget;
}

/**
 * Serves brokers to strategy processes over Redis Streams. Commands are read through a consumer group
 * (pending ones first after a restart), executed one at a time per gateway in stream order, answered on
 * the caller's reply stream, then acknowledged. Places are exactly-once through the journal's claims: a
 * redelivered or retried place of a known id is answered with the order as it stands, never sent again.
 * The brokers' events go to one stream per broker, written in bus order ahead of any later reply.
 */
export class BrokerGateway {
  private readonly brokers = new Map<string, Broker>();
  private readonly out: OrderedStreamWriter;
  private readonly logger: Logger;
  private subscription?: Subscription;
  private running = false;
  /** True while this instance may execute commands (always without a lease; while it holds it with one). */
  private leading = false;
  /** True while `beforeServing` runs after taking the lease: what it adopts and applies goes to the event streams. */
  private reconciling = false;
  private loop?: Promise<void>;
  private timer?: TimerHandle;
  private readonly clock: Clock;
  private readonly roleSubject = new BehaviorSubject<GatewayRole>('stopped');
  private readonly accounting: StrategyAccounting;
  /** Commands executed (replied to) since start. */
  served = 0;
  /** `leader` while serving, `standby` while waiting for the lease, `fenced` after a newer holder was seen. */
  readonly role$: Observable<GatewayRole> = this.roleSubject.asObservable();

  constructor(private readonly options: BrokerGatewayOptions) {
    for (const broker of options.brokers) this.brokers.set(broker.id, broker);
    this.out = new OrderedStreamWriter(options.writer);
    this.logger = (options.logger ?? createSilentLogger()).child({ component: 'broker-gateway' });
    this.clock = options.clock ?? systemClock;
    this.accounting = new StrategyAccounting(options.strategyBudget, this.clock);
  }

  /** Commands and places per strategy and broker since start (for /metrics). */
  strategyUsage(): StrategyUsage[] {
    return this.accounting.usage();
  }

  get role(): GatewayRole {
    return this.roleSubject.value;
  }

  get group(): string {
    return this.options.group ?? 'gateway';
  }

  /** Creates the consumer groups, starts copying events and serving commands. Clients must be connected. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const types = new Set<string>(GATEWAY_EVENT_TYPES);
    const maxLength = this.options.maxEventStreamLength ?? 100_000;
    this.subscription = this.options.bus.events$.subscribe((event) => {
      const brokerId = 'brokerId' in event ? event.brokerId : undefined;
      // A standby's brokers are not the ones strategies trade through: only the leader speaks for them.
      if (!(this.leading || this.reconciling) || !types.has(event.type) || brokerId === undefined || !this.brokers.has(brokerId)) return;
      this.out.add(eventStreamKey(this.options.prefix, brokerId), { id: event.id, type: event.type, e: JSON.stringify(encodeEvent(event)) }, { maxLength });
    });
    await this.ensureGroups();
    if (this.options.lease) {
      this.roleSubject.next('standby');
      await this.campaign(this.options.lease);
    } else {
      this.lead();
    }
  }

  /**
   * Stops reading (within one BLOCK period) and copying events; waits for the command in progress.
   * Releases the lease (a standby takes over at once) unless `releaseLease: false` (as a crash would).
   */
  async stop(options: { readonly releaseLease?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.leading = false;
    this.reconciling = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await this.loop;
    this.loop = undefined;
    await this.out.flush();
    this.out.close();
    if (options.releaseLease !== false) await this.options.lease?.release().catch(() => undefined);
    this.roleSubject.next('stopped');
    this.roleSubject.complete();
  }

  /** Starts serving: the read loop, pending commands first. */
  private lead(): void {
    this.leading = true;
    this.loop = this.readLoop();
    this.roleSubject.next('leader');
    this.logger.info('gateway serving', { brokers: [...this.brokers.keys()], consumer: this.consumer, token: this.options.lease?.token });
  }

  /** One attempt at the lease; on success takes over and serves, otherwise tries again later. */
  private async campaign(lease: GatewayLease): Promise<void> {
    if (!this.running) return;
    let token: number | undefined = lease.token; // taken already by the caller
    try {
      token ??= await lease.tryAcquire();
    } catch (error) {
      this.logger.warn('lease attempt failed', { error: error instanceof Error ? error.message : String(error) });
    }
    if (!this.running) return;
    if (token === undefined) {
      this.timer = this.clock.setTimeout(() => void this.campaign(lease), this.options.leaseRetryMs ?? Math.max(10, Math.floor(lease.ttlMs / 5)));
      return;
    }
    this.logger.warn('gateway took the lease', { consumer: this.consumer, token });
    // Commands arriving meanwhile wait in their stream: none is read before the pass is over. The lease is
    // renewed from now on, so a long pass does not lose it.
    this.reconciling = true;
    this.scheduleRenewal(lease);
    try {
      await this.options.beforeServing?.();
      await this.takeOverPending();
    } catch (error) {
      this.reconciling = false;
      this.timer?.cancel();
      this.logger.error('takeover failed; lease released', { error: error instanceof Error ? error.message : String(error) });
      await lease.release().catch(() => undefined);
      this.timer = this.clock.setTimeout(() => void this.campaign(lease), this.options.leaseRetryMs ?? Math.max(10, Math.floor(lease.ttlMs / 5)));
      return;
    }
    if (!this.running) return;
    this.lead();
    this.reconciling = false;
  }

  private scheduleRenewal(lease: GatewayLease): void {
    this.timer = this.clock.setTimeout(() => {
      void lease.renew().catch(() => false).then((held) => {
        if (!this.running || !(this.leading || this.reconciling)) return;
        if (held) this.scheduleRenewal(lease);
        else if (this.leading) void this.stepDown('lease lost at renewal');
        // Lost while reconciling: its claims are fenced from now on, so the first place steps it down.
      });
    }, Math.max(10, Math.floor(lease.ttlMs / 3)));
  }

  /** A newer holder exists (or the lease could not be renewed): stop executing, wait as a standby. */
  private async stepDown(reason: string): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.timer?.cancel();
    this.options.lease?.lost();
    this.roleSubject.next('fenced');
    this.logger.error('gateway fenced: stepped down', { consumer: this.consumer, reason });
    this.options.bus.publish(createEvent({ type: 'Alert', severity: 'CRITICAL', source: 'broker-gateway', message: `gateway ${this.consumer} fenced: ${reason}; sends nothing, now standby` }, this.clock.now()));
    await this.loop;
    if (!this.running || !this.options.lease) return;
    this.roleSubject.next('standby');
    await this.campaign(this.options.lease);
  }

  /** Moves every command read by another consumer and never acknowledged (a dead leader's) to this one. */
  private async takeOverPending(): Promise<void> {
    for (const id of this.brokers.keys()) {
      const key = commandStreamKey(this.options.prefix, id);
      let start = '0-0';
      do {
        const claimed = await this.options.writer.xAutoClaim(key, this.group, this.consumer, 0, start, { COUNT: 1000 });
        start = claimed.nextId;
      } while (start !== '0-0');
    }
  }

  private get consumer(): string {
    return this.options.consumer ?? 'gateway-1';
  }

  private async ensureGroups(): Promise<void> {
    for (const id of this.brokers.keys()) {
      try {
        await this.options.writer.xGroupCreate(commandStreamKey(this.options.prefix, id), this.group, '0', { MKSTREAM: true });
      } catch (error) {
        if (!String(error instanceof Error ? error.message : error).includes('BUSYGROUP')) throw error;
      }
    }
  }

  private async readLoop(): Promise<void> {
    const reader = this.options.reader;
    const keys = [...this.brokers.keys()].map((id) => commandStreamKey(this.options.prefix, id));
    // '0' = this consumer's pending commands (read, not acknowledged before a crash), then '>' = new ones.
    let pendingFirst = true;
    while (this.running && this.leading) {
      try {
        const reply = await reader.xReadGroup(this.group, this.consumer, keys.map((key) => ({ key, id: pendingFirst ? '0' : '>' })),
          pendingFirst ? { COUNT: 100 } : { COUNT: 100, BLOCK: this.options.blockMs ?? 200 });
        const streams = (reply ?? []) as { name: string; messages: { id: string; message: Record<string, string> | null }[] }[];
        let count = 0;
        for (const stream of streams) {
          for (const entry of stream.messages) {
            if (!this.leading) return; // fenced mid-batch: the rest stays pending for the new leader
            count++;
            await this.handle(stream.name, entry.id, entry.message);
          }
        }
        if (pendingFirst && count === 0) pendingFirst = false;
      } catch (error) {
        if (!this.running || !this.leading) return;
        this.logger.warn('command read failed', { error: error instanceof Error ? error.message : String(error) });
        if (String(error instanceof Error ? error.message : error).includes('NOGROUP')) await this.ensureGroups().catch(() => undefined);
        await waitForReady(reader, () => this.running);
        pendingFirst = true;
      }
    }
  }

  private async handle(stream: string, entryId: string, fields: Record<string, string> | null): Promise<void> {
    const brokerId = stream.slice(`${this.options.prefix}gw:`.length, -':commands'.length);
    const broker = this.brokers.get(brokerId);
    let command: GatewayCommand | undefined;
    try {
      if (!broker) throw new GatewayProtocolError('stream', 'servedBroker', `${stream} is no command stream of this gateway`);
      if (!fields) throw new GatewayProtocolError('entry', 'present', `command ${entryId} was deleted`);
      command = decodeCommand(fields);
    } catch (error) {
      // Nothing can be answered without a request id and a reply stream: logged, acknowledged, skipped.
      this.logger.warn('undecodable command skipped', { brokerId, entryId, error: error instanceof Error ? error.message : String(error) });
    }
    if (command && broker) {
      let reply: Record<string, string>;
      const strategy = this.accounting.strategyOf(command.reply, this.options.prefix, broker.id);
      this.accounting.command(broker.id, strategy, command.op);
      try {
        const value = await this.execute(broker, command, strategy);
        reply = encodeReply({ rid: command.rid, ok: true, value });
      } catch (error) {
        if (error instanceof FencedError) {
          // Not sent, not answered, not acknowledged: the command stays pending for the new leader.
          void this.stepDown(error.message);
          return;
        }
        reply = encodeReply({ rid: command.rid, ok: false, error: encodeBrokerError(error) });
      }
      this.out.add(command.reply, reply, { expireMs: this.options.replyTtlMs ?? 3_600_000 });
      this.served++;
    }
    // After the reply (same connection, so Redis has the reply first): a crash before this XACK means
    // the command is read again, which is harmless (places are deduplicated, the rest only read).
    await this.options.writer.xAck(stream, this.group, entryId).catch(() => undefined);
  }

  /** Runs one command; its result is the reply's JSON value. Decoding failures are InvalidOrderErrors. */
  private async execute(broker: Broker, command: GatewayCommand, strategy: string): Promise<Json> {
    const args = command.args;
    const arg = (field: string) => decoded(() => requiredString(args, field));
    switch (command.op) {
      case 'describe':
        return { capabilities: broker.capabilities as unknown as Json, state: broker.state, instruments: (await broker.instruments()).map(encodeInstrument) };
      case 'place':
        return this.place(broker, decoded(() => decodeOrderRequest(objectArg(args, 'request'))), strategy);
      case 'cancel':
        return encodeOrder(await broker.cancelOrder(arg('clientOrderId')));
      case 'getOrder':
        return orderOrNull(await broker.getOrder(arg('clientOrderId')));
      case 'resolve':
        return this.resolve(broker, arg('clientOrderId'));
      case 'openOrders':
        return (await broker.getOpenOrders(decoded(() => stringArg(args, 'symbol', true)))).map(encodeOrder);
      case 'positions':
        return (await broker.getPositions()).map(encodePosition);
      case 'localPositions':
        return (await broker.localPositions()).map(encodePosition);
      case 'balances':
        return (await broker.getBalances()).map(encodeBalance);
      case 'account':
        return encodeAccountInfo(await broker.getAccountInfo());
      case 'instrument': {
        const found = await broker.instrument(arg('symbol'));
        return found ? encodeInstrument(found) : null;
      }
      case 'instruments':
        return (await broker.instruments()).map(encodeInstrument);
    }
  }

  /**
   * Exactly once: an order the broker holds already is answered as it stands (a redelivered command);
   * otherwise the id is claimed in the journal with the submit record, and only then placed. A claimed
   * id is refused (DuplicateOrderError, also reported on the bus). A place the broker refused before
   * sending (it does not track it) is marked refused, so that `resolve` can tell it never left.
   */
  private async place(broker: Broker, request: OrderRequest, strategy: string): Promise<Json> {
    const clientOrderId = request.clientOrderId;
    if (typeof clientOrderId !== 'string' || clientOrderId === '') throw new InvalidOrderError('clientOrderId', 'required', 'a place through the gateway must name its client order id');
    const known = await broker.getOrder(clientOrderId);
    if (known) return encodeOrder(known);
    // The strategy's share of the rate limit, before anything is claimed: a refusal leaves no trace.
    this.accounting.takeOrder(broker.id, strategy, clientOrderId);
    const journal = this.options.journal;
    const lease = this.options.lease;
    // The fence: the local validity first (no I/O), then the token, checked in the claim's own script.
    const fence = lease?.fence();
    if (lease && !fence) throw new FencedError(0, `lease of ${this.consumer} expired before ${clientOrderId} could be claimed`);
    try {
      await journal?.claimSubmit(broker.id, request, this.clock.now(), fence);
    } catch (error) {
      if (error instanceof DuplicateOrderError) this.reportDuplicate(broker.id, error);
      throw error;
    }
    try {
      return encodeOrder(await broker.placeOrder(request));
    } catch (error) {
      const tracked = await broker.getOrder(clientOrderId);
      if (tracked && error instanceof DuplicateOrderError) return encodeOrder(tracked);
      if (tracked) throw error; // it left (or may have): the broker's error says how it ended
      await journal?.markRefused(broker.id, clientOrderId).catch(() => undefined);
      // Never tracked by the broker means never sent: a definite answer, whatever the cause.
      if (isBrokerError(error) && error.code !== 'UNKNOWN_ORDER_STATUS' && error.code !== 'TIMEOUT' && error.code !== 'TEMPORARY_CONNECTION') throw error;
      throw new OrderNotSentError(`order ${clientOrderId} not sent by the gateway: ${error instanceof Error ? error.message : String(error)}`, { brokerId: broker.id, clientOrderId });
    }
  }

  private reportDuplicate(brokerId: string, error: DuplicateOrderError): void {
    this.logger.warn('duplicate place refused', { brokerId, clientOrderId: error.clientOrderId });
    this.options.bus.publish(createEvent({
      type: 'BrokerError', brokerId, code: error.code, severity: error.severity, retryable: error.retryable, message: error.message, clientOrderId: error.clientOrderId,
    }, this.clock.now()));
  }

  /**
   * What became of an order whose place timed out at the caller: the broker's order when it has one;
   * otherwise, when no submit claimed the id, the id is given up here (`abandoned`), so the place, if it
   * is still queued or comes back, is refused: the order is then known never to reach the venue.
   */
  private async resolve(broker: Broker, clientOrderId: string): Promise<Json> {
    const order = await broker.getOrder(clientOrderId);
    if (order) return { order: encodeOrder(order) };
    if (!this.options.journal) return { claim: null };
    return { claim: (await this.options.journal.abandon(broker.id, clientOrderId)) ?? 'abandoned' };
  }
}

function orderOrNull(order: Order | undefined): Json {
  return order ? encodeOrder(order) : null;
}

/** Runs a decoder; what it throws becomes an InvalidOrderError naming the field and the rule. */
function decoded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (isBrokerError(error)) throw error;
    if (error instanceof GatewayProtocolError) throw new InvalidOrderError(error.field, error.rule, error.message);
    throw new InvalidOrderError('request', 'decode', error instanceof Error ? error.message : String(error));
  }
}
