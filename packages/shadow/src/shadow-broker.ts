import {
  createEvent,
  EventBus,
  isTerminalStatus,
  noopLogger,
  offersTicker,
  NotSupportedError,
  type Broker,
  type BrokerAccountInfo,
  type BrokerBalance,
  type BrokerCapabilities,
  type BrokerPosition,
  type Clock,
  type ConnectionState,
  type Fill,
  type Instrument,
  type Logger,
  type MarketDataEvent,
  type Order,
  type OrderRequestInput,
  type Ticker,
  type TickerProvider,
} from '@silvertine/core';
import type { Observable, Subscription } from 'rxjs';
import { orderGap } from './shadow-gap';
import { shadowClientOrderId } from './shadow-ids';
import { noopShadowMetrics, type ShadowFailureStage, type ShadowMetricsSink } from './shadow-metrics';
import type { ShadowRecord } from './shadow-record';
import { ShadowRecorder } from './shadow-recorder';

/** How a ShadowBroker is built. */
export interface ShadowBrokerOptions {
  /** The broker that trades for real; every call reaches it unchanged. */
  readonly live: Broker;
  /**
   * Builds the shadow (a PaperTradingBroker on the same instruments, with the paper models from config) on
   * the private bus it is given: its orders, fills and updates stay off the application's bus, so no
   * strategy, journal or metric mistakes them for real ones. Taken as a factory so that this package
   * does not depend on @silvertine/paper (infra may not depend on an adapter).
   */
  readonly createShadow: (bus: EventBus) => Broker;
  /** The application's bus: its MarketData events are forwarded to the shadow; warnings go out on it as Alerts. */
  readonly bus: EventBus;
  /** Stamps the Alerts this broker publishes (default: the wall clock). */
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: ShadowMetricsSink;
  /** Called once per pair when both legs are final (after the metrics sink). */
  readonly onCompared?: (record: ShadowRecord) => void;
  /** Pairs kept for reports (default 100,000). */
  readonly retention?: number;
}

/**
 * A Broker that forwards every call to a live broker and mirrors each new live order into a paper broker
 * fed by the same market data, so that the two outcomes can be compared (see `orderGap`, `shadowReport`).
 *
 * The live path never waits for, nor sees, the shadow: mirrors are placed on a later microtask from the
 * live broker's own order stream (so orders submitted through the bus are mirrored too), under a derived
 * client order id (`shadowClientOrderId`); live cancels are mirrored the same way. Every failure of the
 * shadow path (a throw, a rejection, an unknown outcome) is caught, logged as a warning, published as a
 * WARNING Alert (source "shadow") and counted; the pair then reports the failure instead of a paper leg.
 */
export class ShadowBroker implements Broker, TickerProvider {
  /** The paper broker that receives the mirrors (read it for its portfolio; never send it orders). */
  readonly shadow: Broker;
  readonly recorder: ShadowRecorder;
  private readonly live: Broker;
  private readonly bus: EventBus;
  private readonly shadowBus = new EventBus();
  private readonly logger: Logger;
  private readonly metrics: ShadowMetricsSink;
  private readonly mirrors = new Map<string, Promise<boolean>>();
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly options: ShadowBrokerOptions) {
    this.live = options.live;
    this.bus = options.bus;
    this.logger = (options.logger ?? noopLogger).child({ component: 'shadow', brokerId: options.live.id });
    this.metrics = options.metrics ?? noopShadowMetrics;
    this.recorder = new ShadowRecorder((record) => this.compared(record), options.retention);
    this.shadow = options.createShadow(this.shadowBus);
    // Subscribed from construction, not from connect: an order sent before connect is still mirrored.
    this.subscriptions.push(
      this.live.orders$.subscribe((order) => this.guard('record', () => this.onLiveOrder(order))),
      this.live.fills$.subscribe((fill) => this.guard('record', () => this.recorder.liveFill(fill))),
      this.shadow.orders$.subscribe((order) => this.guard('record', () => this.recorder.paperOrder(order))),
      this.shadow.fills$.subscribe((fill) => this.guard('record', () => this.recorder.paperFill(fill))),
      // Forwarded on a microtask: the paper engine's matching never runs inside the application bus's
      // synchronous delivery, so it cannot delay a strategy (or a live broker) subscribed after us.
      // Microtasks keep their order, so a quote still reaches paper before a mirror placed after it.
      this.bus.on('MarketData', (event) => queueMicrotask(() => this.guard('record', () => this.shadowBus.publish(event))), `shadow:${this.live.id}`),
    );
  }

  get id(): string {
    return this.live.id;
  }
  get capabilities(): BrokerCapabilities {
    return this.live.capabilities;
  }
  get state(): ConnectionState {
    return this.live.state;
  }
  get state$(): Observable<ConnectionState> {
    return this.live.state$;
  }
  get orders$(): Observable<Order> {
    return this.live.orders$;
  }
  get fills$(): Observable<Fill> {
    return this.live.fills$;
  }

  /** Connects the live broker, then the shadow (whose failure is only reported). */
  async connect(): Promise<void> {
    await this.live.connect();
    await this.shadow.connect().catch((error: unknown) => this.fail('connect', error));
  }

  /**
   * Hands the shadow market data the application's bus carried before this broker subscribed to it: the
   * quotes a live adapter publishes while its composition connects it, before the ShadowBroker exists.
   * Published on the shadow's private bus now (later events, queued on microtasks, supersede them).
   */
  seedMarketData(events: readonly MarketDataEvent[]): void {
    for (const event of events) this.guard('record', () => this.shadowBus.publish(event));
  }

  /** Disconnects the live broker, then the shadow, and stops mirroring. */
  async disconnect(): Promise<void> {
    try {
      await this.live.disconnect();
    } finally {
      await this.shadow.disconnect().catch((error: unknown) => this.fail('disconnect', error));
      for (const subscription of this.subscriptions) subscription.unsubscribe();
      this.subscriptions.length = 0;
      this.shadowBus.close();
    }
  }

  placeOrder(request: OrderRequestInput): Promise<Order> {
    return this.live.placeOrder(request);
  }
  cancelOrder(clientOrderId: string): Promise<Order> {
    return this.live.cancelOrder(clientOrderId);
  }
  getOrder(clientOrderId: string): Promise<Order | undefined> {
    return this.live.getOrder(clientOrderId);
  }
  getOpenOrders(symbol?: string): Promise<readonly Order[]> {
    return this.live.getOpenOrders(symbol);
  }
  getPositions(): Promise<readonly BrokerPosition[]> {
    return this.live.getPositions();
  }
  localPositions(): Promise<readonly BrokerPosition[]> {
    return this.live.localPositions();
  }
  getBalances(): Promise<readonly BrokerBalance[]> {
    return this.live.getBalances();
  }
  /**
   * The live broker's ticker: the capabilities are the live broker's, so this answers exactly when it
   * declares TICKER (`offersTicker` on this broker is then true); a read, never mirrored.
   */
  ticker(symbol: string): Promise<Ticker> {
    if (!offersTicker(this.live)) return Promise.reject(new NotSupportedError('TICKER', `broker ${this.live.id} offers no ticker`, { brokerId: this.live.id }));
    return this.live.ticker(symbol);
  }
  getAccountInfo(): Promise<BrokerAccountInfo> {
    return this.live.getAccountInfo();
  }
  instrument(symbol: string): Promise<Instrument | undefined> {
    return this.live.instrument(symbol);
  }
  instruments(): Promise<readonly Instrument[]> {
    return this.live.instruments();
  }

  private onLiveOrder(order: Order): void {
    const id = order.clientOrderId;
    if (!this.recorder.has(id)) {
      // Only orders born in this process: snapshots of orders adopted from the venue (reconciliation) are not mirrored.
      if (order.status !== 'PENDING_SUBMIT') return;
      this.recorder.begin(order, shadowClientOrderId(id));
      const placed = new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => this.mirror(order));
      this.mirrors.set(id, placed);
      return;
    }
    this.recorder.liveOrder(order);
    if (order.status === 'PENDING_CANCEL' || order.status === 'CANCELED') this.mirrorCancel(id);
    if (isTerminalStatus(order.status) && order.status !== 'CANCELED') this.mirrors.delete(id);
  }

  private async mirror(order: Order): Promise<boolean> {
    const { request } = order;
    try {
      // The shadow's own instrument when it lists the symbol (paper config), else the live one.
      const instrument = (await this.shadow.instrument(request.instrument.symbol)) ?? request.instrument;
      const mirrored = await this.shadow.placeOrder({ ...request, instrument, bracket: undefined, clientOrderId: shadowClientOrderId(order.clientOrderId) });
      this.recorder.paperOrder(mirrored);
      return true;
    } catch (error) {
      this.fail('place', error, order.clientOrderId);
      return false;
    }
  }

  private mirrorCancel(liveClientOrderId: string): void {
    const placed = this.mirrors.get(liveClientOrderId);
    if (!placed) return;
    this.mirrors.delete(liveClientOrderId);
    void placed.then(async (ok) => {
      const status = this.recorder.paperStatus(liveClientOrderId);
      if (!ok || (status !== undefined && isTerminalStatus(status))) return;
      try {
        await this.shadow.cancelOrder(shadowClientOrderId(liveClientOrderId));
      } catch (error) {
        this.fail('cancel', error, liveClientOrderId);
      }
    });
  }

  private compared(record: ShadowRecord): void {
    const gap = orderGap(record);
    try {
      this.metrics.orderCompared(this.live.id, gap);
    } catch (error) {
      this.logger.warn('shadow metrics sink failed', { error: describe(error) });
    }
    this.options.onCompared?.(record);
  }

  private guard(stage: ShadowFailureStage, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.fail(stage, error);
    }
  }

  private fail(stage: ShadowFailureStage, error: unknown, liveClientOrderId?: string): void {
    const message = describe(error);
    try {
      if (liveClientOrderId !== undefined) this.recorder.failed(liveClientOrderId, `${stage}: ${message}`);
      this.logger.warn('shadow path failed; the live broker is not affected', { stage, clientOrderId: liveClientOrderId, error: message });
      this.metrics.shadowFailure(this.live.id, stage);
      this.bus.publish(
        createEvent({ type: 'Alert', severity: 'WARNING', source: 'shadow', brokerId: this.live.id, message: `shadow ${stage} failed: ${message}`, details: liveClientOrderId ? { clientOrderId: liveClientOrderId } : undefined }, this.options.clock?.now() ?? Date.now()),
      );
    } catch {
      // Reporting must not throw into the live broker's streams either.
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
