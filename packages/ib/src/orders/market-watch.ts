import { Decimal, createEvent, type Clock, type EventBus, type Instrument, type Logger } from '@silvertine/core';
import { IBApiTickType as TickType, type IBApiNext, type MarketDataTicks } from '@stoqey/ib';
import type { Subscription } from 'rxjs';
import type { ContractResolver } from './contract-resolver';
import { optionalDecimalField } from '../decoding/decode-fields';
import { onStep } from '../mapping/numbers';

/**
 * Runs an inbound handler inside the broker's error boundary (a refused tick is counted, not thrown);
 * `payload` (or what a function given there returns, computed only then) is the refused message's excerpt.
 */
export type InboundGuard = (kind: string, handler: () => void, payload?: unknown) => void;

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
    private readonly inbound: InboundGuard,
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

  /** One market data update: the quote's sides (decoded, on the tick), published once both are known. */
  private onTicks(entry: Watched, ticks: MarketDataTicks): void {
    const tick = entry.instrument.tickSize;
    const bid = tickValue(ticks, TickType.BID, TickType.DELAYED_BID, tick);
    const ask = tickValue(ticks, TickType.ASK, TickType.DELAYED_ASK, tick);
    const last = tickValue(ticks, TickType.LAST, TickType.DELAYED_LAST, tick);
    const bidSize = tickValue(ticks, TickType.BID_SIZE, TickType.DELAYED_BID_SIZE, Decimal.ZERO) ?? Decimal.ZERO;
    const askSize = tickValue(ticks, TickType.ASK_SIZE, TickType.DELAYED_ASK_SIZE, Decimal.ZERO) ?? Decimal.ZERO;
    entry.bid = bid ?? entry.bid;
    entry.ask = ask ?? entry.ask;
    entry.last = last ?? entry.last;
    if (entry.bid && entry.ask) {
      this.bus.publish(createEvent({
        type: 'MarketData', brokerId: this.brokerId,
        data: { kind: 'quote', symbol: entry.instrument.symbol, bid: entry.bid, ask: entry.ask, bidSize, askSize, timestamp: this.clock.now() },
      }, this.clock.now()));
    }
  }

  private async subscribe(entry: Watched): Promise<void> {
    const resolved = await this.contracts.resolve(entry.instrument);
    if (!this.watched.has(entry.instrument.symbol)) return;
    entry.subscription = this.api()
      .getMarketData(resolved.contract, '', false, false)
      .subscribe({
        next: (update) => this.inbound('marketData', () => this.onTicks(entry, update.all), () => [...update.all.entries()]),
        error: (error: unknown) => this.logger.warn('market data error', { symbol: entry.instrument.symbol, error: String((error as { error?: Error }).error?.message ?? error) }),
      });
  }
}

/** A tick's value: absent, IB's unset or -1 (IB's "no quote") is none; NaN, infinite or negative is refused. */
function tickValue(ticks: MarketDataTicks, type: TickType, delayed: TickType, step: Decimal): Decimal | undefined {
  const raw = ticks.get(type)?.value ?? ticks.get(delayed)?.value;
  if (raw === -1) return undefined;
  const value = optionalDecimalField(raw, `tick.${type}`, { nonNegative: true });
  return value && onStep(value, step);
}
