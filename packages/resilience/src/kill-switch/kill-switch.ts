import { BehaviorSubject, distinctUntilChanged, filter, skip, type Observable, type Subscription } from 'rxjs';
import {
  BrokerError, createEvent, isOpenStatus, systemClock,
  type Broker, type Clock, type EventBus, type OrderRequest, type PreTradeCheck,
} from '@silvertine/core';
import type { DisconnectedOrderQueue } from '../journal/disconnected-order.queue';

/** Refusal while the kill switch is engaged. */
export class KillSwitchEngagedError extends BrokerError {
  constructor(reason: string, brokerId?: string, clientOrderId?: string) {
    super('KILL_SWITCH', 'CRITICAL', false, `kill switch engaged: ${reason}`, { brokerId, clientOrderId });
  }
}

/** A broker the kill switch can guard: any Broker, plus addPreTradeCheck when it is an AbstractBroker. */
export type KillSwitchBroker = Broker & { addPreTradeCheck?(check: PreTradeCheck): void };

/** Outcome of one sweep. */
export interface KillSwitchReport {
  readonly reason: string;
  readonly canceled: readonly { readonly brokerId: string; readonly clientOrderId: string }[];
  readonly failed: readonly { readonly brokerId: string; readonly clientOrderId: string; readonly error: string }[];
  /** Brokers not connected: their orders are canceled as soon as they reconnect. */
  readonly deferred: readonly string[];
  readonly dequeued: readonly string[];
}

export interface KillSwitchOptions {
  readonly brokers: readonly KillSwitchBroker[];
  readonly clock?: Clock;
  readonly bus?: EventBus;
  /** Queued (disconnected) orders are dropped too. */
  readonly queue?: DisconnectedOrderQueue;
}

/**
 * One call stops trading everywhere: `engage()` blocks new orders on every broker (a PreTradeCheck
 * refusing with KILL_SWITCH, installed by `install()`), cancels every open order on every broker and
 * drops queued ones. Repeating it is safe (it sweeps again). A disconnected broker keeps the intent: its
 * orders are canceled when it reconnects, and any open order that shows up later (adopted by
 * reconciliation) is canceled on sight, until `release()`.
 */
export class KillSwitch {
  private readonly clock: Clock;
  private readonly engagedSubject = new BehaviorSubject<string | undefined>(undefined);
  private watchers: Subscription[] = [];
  private readonly attempted = new Set<string>();

  /** The reason while engaged, undefined while released. */
  readonly engaged$: Observable<string | undefined> = this.engagedSubject.asObservable();

  constructor(private readonly options: KillSwitchOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get engaged(): boolean {
    return this.engagedSubject.value !== undefined;
  }

  /** The check refusing every order while engaged (install it on brokers built elsewhere). */
  preTradeCheck(): PreTradeCheck {
    return {
      name: 'kill-switch',
      check: (request: OrderRequest, context) => {
        const reason = this.engagedSubject.value;
        if (reason !== undefined) throw new KillSwitchEngagedError(reason, context.brokerId, request.clientOrderId);
      },
    };
  }

  /** Adds the check to every broker that accepts pre-trade checks. */
  install(): void {
    for (const broker of this.options.brokers) broker.addPreTradeCheck?.(this.preTradeCheck());
  }

  async engage(reason: string): Promise<KillSwitchReport> {
    const first = !this.engaged;
    this.engagedSubject.next(reason);
    if (first) {
      this.alert('CRITICAL', `kill switch engaged: ${reason}`);
      this.watch();
    }
    const dequeued = (await this.options.queue?.cancelAll()) ?? [];
    const canceled: { brokerId: string; clientOrderId: string }[] = [];
    const failed: { brokerId: string; clientOrderId: string; error: string }[] = [];
    const deferred: string[] = [];
    await Promise.all(this.options.brokers.map(async (broker) => {
      if (broker.state !== 'CONNECTED') {
        deferred.push(broker.id);
        return;
      }
      const result = await this.sweep(broker);
      canceled.push(...result.canceled);
      failed.push(...result.failed);
    }));
    const report = { reason, canceled, failed, deferred, dequeued };
    this.alert(failed.length ? 'CRITICAL' : 'WARNING', `kill switch sweep: ${canceled.length} canceled, ${failed.length} failed, ${deferred.length} broker(s) deferred`, {
      canceled: canceled.length, failed: failed.length, deferred: deferred.join(','), dequeued: dequeued.length,
    });
    return report;
  }

  /** Lets orders through again (operator action). */
  release(): void {
    if (!this.engaged) return;
    this.engagedSubject.next(undefined);
    for (const s of this.watchers) s.unsubscribe();
    this.watchers = [];
    this.attempted.clear();
    this.alert('WARNING', 'kill switch released');
  }

  /** Stops watching brokers (does not release). */
  close(): void {
    for (const s of this.watchers) s.unsubscribe();
    this.watchers = [];
    this.engagedSubject.complete();
  }

  private watch(): void {
    for (const broker of this.options.brokers) {
      // Reconnected (a later transition, not the current state): cancel what could not be canceled while down.
      this.watchers.push(broker.state$.pipe(distinctUntilChanged(), skip(1), filter((s) => s === 'CONNECTED')).subscribe(() => void this.sweep(broker)));
      // An open order appearing later (adopted, or a late ack): cancel it once.
      this.watchers.push(broker.orders$.subscribe((order) => {
        const key = `${broker.id}\u0000${order.clientOrderId}`;
        if (!isOpenStatus(order.status) || order.status === 'PENDING_CANCEL' || this.attempted.has(key) || broker.state !== 'CONNECTED') return;
        this.attempted.add(key);
        void broker.cancelOrder(order.clientOrderId).catch(() => undefined);
      }));
    }
  }

  private async sweep(broker: KillSwitchBroker) {
    const canceled: { brokerId: string; clientOrderId: string }[] = [];
    const failed: { brokerId: string; clientOrderId: string; error: string }[] = [];
    for (const order of await broker.getOpenOrders()) {
      this.attempted.add(`${broker.id}\u0000${order.clientOrderId}`);
      try {
        await broker.cancelOrder(order.clientOrderId);
        canceled.push({ brokerId: broker.id, clientOrderId: order.clientOrderId });
      } catch (error) {
        failed.push({ brokerId: broker.id, clientOrderId: order.clientOrderId, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { canceled, failed };
  }

  private alert(severity: 'WARNING' | 'CRITICAL', message: string, details?: Record<string, string | number>): void {
    this.options.bus?.publish(createEvent({ type: 'Alert', severity, source: 'kill-switch', message, details }, this.clock.now()));
  }
}
