import { createEvent, type Clock, type Decimal, type EventBus, type Instrument, type Logger } from '@silvertine/core';
import { IBApiTickType as TickType, type IBApiNext } from '@stoqey/ib';
import type { Subscription } from 'rxjs';
import type { ContractResolver } from './contract-resolver';
import { optionalIbNumber } from '../mapping/numbers';

interface Watched {
  readonly instrument: Instrument;
  subscription?: Subscription;
  bid?: Decimal;
  ask?: Decimal;
  last?: Decimal;
}

/**
 * Market data subscriptions (reqMktData through IBApiNext), kept by symbol so they can be re-sent
 * after IB 1101 ("restored, data lost": TWS dropped every subscription) and after a reconnect.
 * Quotes are published on the bus; the last price backs core's min-notional check of MARKET orders.
 */
export class MarketWatch {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly api: () => IBApiNext,
    private readonly contracts: ContractResolver,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly brokerId: string,
  ) {}

  /** Starts streaming an instrument (idempotent). */
  async watch(instrument: Instrument): Promise<void> {
    if (this.watched.has(instrument.symbol)) return;
    const entry: Watched = { instrument };
    this.watched.set(instrument.symbol, entry);
    await this.subscribe(entry);
  }

  /** Latest trade price, else the mid of bid and ask. */
  lastPrice(symbol: string): Decimal | undefined {
    const w = this.watched.get(symbol);
    if (!w) return undefined;
    if (w.last) return w.last;
    return w.bid && w.ask ? w.bid.plus(w.ask).div(2).roundToStep(w.instrument.tickSize) : undefined;
  }

  /** Re-sends every subscription (after 1101 or a reconnect). */
  resubscribe(): void {
    for (const entry of this.watched.values()) {
      entry.subscription?.unsubscribe();
      entry.subscription = undefined;
      this.subscribe(entry).catch((error: unknown) => this.logger.warn('market data resubscribe failed', { symbol: entry.instrument.symbol, error: (error as Error).message }));
    }
  }

  /** Number of re-sent subscriptions so far (observable in tests). */
  get symbols(): string[] {
    return [...this.watched.keys()];
  }

  stop(): void {
    for (const entry of this.watched.values()) entry.subscription?.unsubscribe();
    this.watched.clear();
  }

  private async subscribe(entry: Watched): Promise<void> {
    const resolved = await this.contracts.resolve(entry.instrument);
    if (!this.watched.has(entry.instrument.symbol)) return;
    const tick = entry.instrument.tickSize;
    entry.subscription = this.api()
      .getMarketData(resolved.contract, '', false, false)
      .subscribe({
        next: (update) => {
          const read = (type: TickType, delayed: TickType) => optionalIbNumber(update.all.get(type)?.value ?? update.all.get(delayed)?.value, tick);
          entry.bid = read(TickType.BID, TickType.DELAYED_BID) ?? entry.bid;
          entry.ask = read(TickType.ASK, TickType.DELAYED_ASK) ?? entry.ask;
          entry.last = read(TickType.LAST, TickType.DELAYED_LAST) ?? entry.last;
          if (entry.bid && entry.ask) {
            this.bus.publish(createEvent({
              type: 'MarketData', brokerId: this.brokerId,
              data: { kind: 'quote', symbol: entry.instrument.symbol, bid: entry.bid, ask: entry.ask, bidSize: readSize(update.all.get(TickType.BID_SIZE)?.value), askSize: readSize(update.all.get(TickType.ASK_SIZE)?.value), timestamp: this.clock.now() },
            }, this.clock.now()));
          }
        },
        error: (error: unknown) => this.logger.warn('market data error', { symbol: entry.instrument.symbol, error: String((error as { error?: Error }).error?.message ?? error) }),
      });
  }
}

function readSize(value: number | undefined): Decimal {
  return optionalIbNumber(value) ?? optionalIbNumber(0)!;
}
