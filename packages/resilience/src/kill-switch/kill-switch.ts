import { watch, type FSWatcher, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BehaviorSubject, distinctUntilChanged, filter, skip, type Observable, type Subscription } from 'rxjs';
import {
  BrokerError, createEvent, isOpenStatus, systemClock,
  type Broker, type Clock, type EventBus, type OrderRequest, type PreTradeCheck,
} from '@silvertine/core';
import type { DisconnectedOrderQueue } from '../journal/disconnected-order.queue';
import { readKillSwitchState, writeKillSwitchState } from './kill-switch-state';

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
  /** Brokers guarded from the start; `addBroker` adds more (e.g. as a factory builds them). */
  readonly brokers?: readonly KillSwitchBroker[];
  readonly clock?: Clock;
  readonly bus?: EventBus;
  /** Queued (disconnected) orders are dropped too. */
  readonly queue?: DisconnectedOrderQueue;
  /**
   * A file keeping the engaged state across restarts (written atomically on engage and release, read by
   * `restore()`): a kill switch that a restart silently released would not be one.
   */
  readonly stateFile?: string;
  /**
   * Follow the state file after `restore()`: a change written by another process (the `silvertine
   * kill-switch` command) engages or releases this switch as if called here, so an operator reaches a
   * running process without a network endpoint. Off by default.
   */
  readonly watchStateFile?: boolean;
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
  private readonly brokers: KillSwitchBroker[];
  /** While engaged, per broker: the reconnect and new-order watchers. */
  private readonly watchers = new Map<KillSwitchBroker, Subscription[]>();
  private installed = false;
  private readonly attempted = new Set<string>();
  private fileWatcher?: FSWatcher;
  /** Reads of the state file, one after the other, so changes apply in the order they were made. */
  private following: Promise<void> = Promise.resolve();
  /** `at` of the last state this process wrote: its own write, seen again by the watcher, is no change. */
  private lastWrittenAt?: number;
  private closed = false;

  /** The reason while engaged, undefined while released. */
  readonly engaged$: Observable<string | undefined> = this.engagedSubject.asObservable();

  constructor(private readonly options: KillSwitchOptions) {
    this.clock = options.clock ?? systemClock;
    this.brokers = [...(options.brokers ?? [])];
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

  /** The reason while engaged, undefined while released. */
  get reason(): string | undefined {
    return this.engagedSubject.value;
  }

  /** Adds the check to every broker that accepts pre-trade checks (and to those added later). */
  install(): void {
    this.installed = true;
    for (const broker of this.brokers) broker.addPreTradeCheck?.(this.preTradeCheck());
  }

  /**
   * Guards one more broker (built after the kill switch). While engaged, its open orders are canceled
   * at once (or when it connects) and watched like the others'.
   */
  async addBroker(broker: KillSwitchBroker): Promise<void> {
    if (this.brokers.includes(broker)) return;
    this.brokers.push(broker);
    if (this.installed) broker.addPreTradeCheck?.(this.preTradeCheck());
    if (!this.engaged) return;
    this.watchBroker(broker);
    if (broker.state === 'CONNECTED') await this.sweep(broker);
  }

  /** Stops guarding a broker (it is going away); its pre-trade check stays with it. */
  removeBroker(broker: KillSwitchBroker): void {
    const at = this.brokers.indexOf(broker);
    if (at !== -1) this.brokers.splice(at, 1);
    for (const s of this.watchers.get(broker) ?? []) s.unsubscribe();
    this.watchers.delete(broker);
  }

  /**
   * Reads the state file (when configured): engaged before a restart means engaged now, with the same
   * reason. An unreadable file fails closed (engaged, saying so). Call before brokers trade.
   */
  async restore(): Promise<void> {
    if (!this.options.stateFile) return;
    // watch before reading, so a change made between the read and the watch is not missed
    if (this.options.watchStateFile) await this.followStateFile(this.options.stateFile);
    const state = await readKillSwitchState(this.options.stateFile);
    if (state.engaged && !this.engaged) {
      this.engagedSubject.next(state.reason);
      this.alert('CRITICAL', `kill switch engaged since before the restart: ${state.reason}`);
      this.watch();
    }
  }

  engage(reason: string): Promise<KillSwitchReport> {
    return this.engageAndSweep(reason, true);
  }

  private async engageAndSweep(reason: string, persist: boolean): Promise<KillSwitchReport> {
    const first = !this.engaged;
    this.engagedSubject.next(reason);
    if (first) {
      this.alert('CRITICAL', `kill switch engaged: ${reason}`);
      this.watch();
    }
    if (persist) await this.persist();
    const dequeued = (await this.options.queue?.cancelAll()) ?? [];
    const canceled: { brokerId: string; clientOrderId: string }[] = [];
    const failed: { brokerId: string; clientOrderId: string; error: string }[] = [];
    const deferred: string[] = [];
    await Promise.all(this.brokers.map(async (broker) => {
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

  /**
   * Lets orders through again (operator action). Orders pass as soon as it returns; the promise
   * resolves once the state file (if any) says released.
   */
  release(): Promise<void> {
    if (!this.releaseHere()) return Promise.resolve();
    return this.persist();
  }

  private releaseHere(): boolean {
    if (!this.engaged) return false;
    this.engagedSubject.next(undefined);
    this.unwatch();
    this.attempted.clear();
    this.alert('WARNING', 'kill switch released');
    return true;
  }

  /** Stops watching brokers and the state file (does not release). */
  close(): void {
    this.closed = true;
    this.fileWatcher?.close();
    this.fileWatcher = undefined;
    this.unwatch();
    this.engagedSubject.complete();
  }

  /**
   * Watches the state file's directory (a rename over the file, as writeKillSwitchState does, is an event
   * on the directory, not on the old file) and applies each change. The watcher does not keep the
   * process alive: it lives as long as the process has other work.
   */
  private async followStateFile(file: string): Promise<void> {
    if (this.fileWatcher || this.closed) return;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const name = path.basename(file);
    this.fileWatcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed !== name) return;
      this.following = this.following.then(() => this.applyStateFile(file)).catch((error: unknown) => {
        this.alert('CRITICAL', `kill switch state file could not be followed: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    this.fileWatcher.on('error', (error) => this.alert('CRITICAL', `kill switch stopped following ${name}: ${error.message}`));
  }

  /**
   * Brings this switch to what the file says, without writing the file back (writing could overwrite a
   * newer change). An engage written again (a new `at`) sweeps again, as a repeated engage() does.
   */
  private async applyStateFile(file: string): Promise<void> {
    if (this.closed) return;
    const state = await readKillSwitchState(file);
    if (this.closed) return;
    if (state.engaged && (!this.engaged || (state.at !== undefined && state.at !== this.lastWrittenAt))) {
      this.lastWrittenAt = state.at;
      await this.engageAndSweep(state.reason ?? 'engaged through the state file', false);
    } else if (!state.engaged) {
      this.releaseHere();
    }
  }

  private watch(): void {
    for (const broker of this.brokers) this.watchBroker(broker);
  }

  private watchBroker(broker: KillSwitchBroker): void {
    if (this.watchers.has(broker)) return;
    this.watchers.set(broker, [
      // Reconnected (a later transition, not the current state): cancel what could not be canceled while down.
      broker.state$.pipe(distinctUntilChanged(), skip(1), filter((s) => s === 'CONNECTED')).subscribe(() => void this.sweep(broker)),
      // An open order appearing later (adopted, or a late ack): cancel it once.
      broker.orders$.subscribe((order) => {
        const key = `${broker.id}\u0000${order.clientOrderId}`;
        if (!isOpenStatus(order.status) || order.status === 'PENDING_CANCEL' || this.attempted.has(key) || broker.state !== 'CONNECTED') return;
        this.attempted.add(key);
        void broker.cancelOrder(order.clientOrderId).catch(() => undefined);
      }),
    ]);
  }

  private unwatch(): void {
    for (const subscriptions of this.watchers.values()) for (const s of subscriptions) s.unsubscribe();
    this.watchers.clear();
  }

  /** Writes the state file; a failure is a CRITICAL alert (the switch itself still holds in this process). */
  private async persist(): Promise<void> {
    if (!this.options.stateFile) return;
    try {
      const at = this.clock.now();
      this.lastWrittenAt = at;
      await writeKillSwitchState(this.options.stateFile, { engaged: this.engaged, reason: this.reason, at });
    } catch (error) {
      this.alert('CRITICAL', `kill switch state could not be saved (a restart would not know it): ${error instanceof Error ? error.message : String(error)}`);
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
