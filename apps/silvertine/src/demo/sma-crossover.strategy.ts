import { Decimal, asTouch, createEvent, isLiveMarketData, type EventBus, type Instrument, type MarketData, type MarketDataEvent } from '@silvertine/core';
import type { Subscription } from 'rxjs';

export interface SmaCrossoverOptions {
  readonly brokerId: string;
  readonly instrument: Instrument;
  readonly quantity: Decimal;
  readonly fast?: number;
  readonly slow?: number;
  /**
   * Only MarketData events published under this brokerId (e.g. the failover's `market_data:failover`);
   * without it, every MarketData event of the symbol (a replay's bars).
   */
  readonly marketDataFrom?: string;
  /**
   * Builds its own bars of this many milliseconds (by the data's timestamp) from quotes (mid), books
   * (mid of the top) and trades (price); bars on the bus are then ignored. Without it, it consumes bars.
   */
  readonly barMs?: number;
}

/**
 * The demo strategy of the embedded default: a moving-average crossover on bars. It only talks to the
 * bus — MarketDataEvents in, OrderEvents out — exactly as a strategy in another process would through
 * Redis Streams. Long when the fast average crosses above the slow one, flat when it crosses below.
 * A last known value re-served stale (`stale: true`) is never a price it acts on, nor part of a bar.
 */
export class SmaCrossoverStrategy {
  private readonly closes: Decimal[] = [];
  private readonly fast: number;
  private readonly slow: number;
  private long = false;
  private subscription?: Subscription;
  /** The bar being built from ticks (barMs mode): its interval's start and the last price seen in it. */
  private building?: { start: number; last: Decimal };
  /** Orders this strategy asked for. */
  signals = 0;
  /** Bars the strategy has taken in (from the bus, or built from ticks and closed). */
  bars = 0;

  constructor(private readonly bus: EventBus, private readonly options: SmaCrossoverOptions) {
    this.fast = options.fast ?? 5;
    this.slow = options.slow ?? 20;
    if (this.fast >= this.slow) throw new RangeError('fast window must be shorter than slow window');
    if (options.barMs !== undefined && !(Number.isInteger(options.barMs) && options.barMs > 0)) throw new RangeError('barMs must be a positive whole number of milliseconds');
  }

  start(): void {
    this.subscription = this.bus.on('MarketData', (event) => this.onMarketData(event), 'sma-crossover');
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private onMarketData(event: MarketDataEvent): void {
    const { marketDataFrom, barMs, instrument } = this.options;
    if (!isLiveMarketData(event) || event.data.symbol !== instrument.symbol) return;
    if (marketDataFrom !== undefined && event.brokerId !== marketDataFrom) return;
    if (barMs === undefined) {
      if (event.data.kind === 'bar') this.onClose(event.data.close, event.timestamp);
      return;
    }
    const price = priceOf(event.data);
    if (price === undefined) return;
    const start = event.data.timestamp - (event.data.timestamp % barMs);
    const building = this.building;
    if (building === undefined || start > building.start) {
      // the first tick of a later interval closes the bar before it (intervals without ticks make no bar)
      this.building = { start, last: price };
      if (building !== undefined) this.onClose(building.last, event.timestamp);
    } else if (start === building.start) {
      building.last = price;
    }
  }

  private onClose(close: Decimal, now: number): void {
    this.bars++;
    this.closes.push(close);
    if (this.closes.length > this.slow) this.closes.shift();
    if (this.closes.length < this.slow) return;
    const fastAverage = average(this.closes.slice(-this.fast));
    const slowAverage = average(this.closes);
    if (!this.long && fastAverage.gt(slowAverage)) this.submit('BUY', now);
    else if (this.long && fastAverage.lt(slowAverage)) this.submit('SELL', now);
  }

  private submit(side: 'BUY' | 'SELL', now: number): void {
    this.long = side === 'BUY';
    this.signals++;
    const { brokerId, instrument, quantity } = this.options;
    this.bus.publish(createEvent({ type: 'Order', action: 'submit', brokerId, request: { instrument, side, type: 'MARKET', quantity, tags: { strategy: 'sma-crossover' } } }, now));
  }
}

function average(values: readonly Decimal[]): Decimal {
  return Decimal.sum(values).div(values.length);
}

/** The price a tick says: a quote's (or a book top's) mid, a trade's price; undefined for a bar or a one-sided book. */
function priceOf(data: MarketData): Decimal | undefined {
  if (data.kind === 'bar') return undefined;
  const touch = asTouch(data);
  if (touch === undefined) return undefined;
  return touch.kind === 'trade' ? touch.price : touch.kind === 'quote' ? touch.bid.plus(touch.ask).div(2) : undefined;
}
