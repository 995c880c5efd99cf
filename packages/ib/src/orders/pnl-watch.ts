import { createEvent, type Clock, type EventBus, type Instrument, type Logger } from '@silvertine/core';
import type { IBApiNext } from '@stoqey/ib';
import type { Subscription } from 'rxjs';
import { withTimeout } from '../connection/ib-requests';
import { decodeErrorEvent } from '../decoding/order-events.decoder';
import { decodePnL, decodePnLSingle, type IbPnL } from '../decoding/pnl.decoder';
import { toBrokerError } from '../mapping/error-mapping';
import type { ContractResolver } from './contract-resolver';
import type { InboundGuard } from './market-watch';

/** What a PnlWatch needs from its broker. */
export interface PnlWatchDeps {
  readonly api: () => IBApiNext;
  readonly contracts: ContractResolver;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly brokerId: string;
  readonly inbound: InboundGuard;
  /** How long the first answer may take (a safety net: TWS answers a PnL request at once, or with an error). */
  readonly timeoutMs: number;
}

interface Watched {
  readonly key: string;
  readonly account: string;
  /** Set for a position's P&L (PNL_SINGLE). */
  readonly instrument?: Instrument;
  subscription?: Subscription;
}

/**
 * P&L subscriptions (reqPnL / reqPnLSingle through IBApiNext's getPnL / getPnLSingle), kept by account and
 * symbol so they can be re-sent after IB 1101 and after a reconnect, like market data. TWS pushes the
 * numbers it computes (about once a second at IB, on every change at the emulator); each update is decoded
 * and published as a core PnLEvent, an unset value (IB's Double.MAX_VALUE) left absent.
 */
export class PnlWatch {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly d: PnlWatchDeps) {}

  /**
   * Streams the P&L of an account, or of one position in it (idempotent). Resolves at TWS's first answer;
   * rejects with TWS's error for the request (e.g. 321, an account this login does not manage).
   */
  async watch(account: string, instrument?: Instrument): Promise<void> {
    const key = instrument ? `${account}:${instrument.symbol}` : account;
    if (this.watched.has(key)) return;
    const entry: Watched = { key, account, instrument };
    this.watched.set(key, entry);
    try {
      await this.subscribe(entry);
    } catch (error) {
      entry.subscription?.unsubscribe();
      if (this.watched.get(key) === entry) this.watched.delete(key);
      throw error;
    }
  }

  /** Stops one stream (TWS gets the cancel). */
  unwatch(account: string, instrument?: Instrument): void {
    const key = instrument ? `${account}:${instrument.symbol}` : account;
    this.watched.get(key)?.subscription?.unsubscribe();
    this.watched.delete(key);
  }

  /** Keys of the streams watched (`account` or `account:symbol`). */
  get keys(): string[] {
    return [...this.watched.keys()];
  }

  /** Re-sends every subscription (after 1101 or a reconnect: TWS forgot them). */
  resubscribe(): void {
    for (const entry of this.watched.values()) {
      entry.subscription?.unsubscribe();
      entry.subscription = undefined;
      this.subscribe(entry).catch((error: unknown) => this.d.logger.warn('pnl resubscribe failed', { key: entry.key, error: (error as Error).message }));
    }
  }

  stop(): void {
    for (const entry of this.watched.values()) entry.subscription?.unsubscribe();
    this.watched.clear();
  }

  private async subscribe(entry: Watched): Promise<void> {
    const conId = entry.instrument ? (await this.d.contracts.resolve(entry.instrument)).conId : undefined;
    if (this.watched.get(entry.key) !== entry) return;
    const api = this.d.api();
    const first = new Promise<void>((resolve, reject) => {
      const source = conId === undefined ? api.getPnL(entry.account) : api.getPnLSingle(entry.account, '', conId);
      const kind = conId === undefined ? 'pnl' : 'pnlSingle';
      entry.subscription = source.subscribe({
        next: (value) => {
          this.d.inbound(kind, () => this.publish(entry, conId === undefined ? decodePnL(value) : decodePnLSingle(value)), value);
          resolve();
        },
        error: (raw: unknown) => {
          const e = raw as { error?: unknown; code?: unknown; reqId?: unknown };
          let error: Error;
          try {
            const message = decodeErrorEvent(e.error, e.code, e.reqId);
            error = toBrokerError(message.code, message.message, { brokerId: this.d.brokerId });
          } catch {
            error = new Error(`${kind} subscription failed: ${String(raw)}`);
          }
          this.d.logger.warn('pnl subscription refused by TWS', { key: entry.key, error: error.message });
          reject(error);
        },
      });
    });
    await withTimeout(first, this.d.clock, this.d.timeoutMs, `PnL of ${entry.key}`, this.d.brokerId);
  }

  private publish(entry: Watched, pnl: IbPnL): void {
    const now = this.d.clock.now();
    const symbol = entry.instrument ? { symbol: entry.instrument.symbol } : {};
    this.d.bus.publish(createEvent({ type: 'PnL', brokerId: this.d.brokerId, account: entry.account, ...symbol, ...pnl }, now));
  }
}
