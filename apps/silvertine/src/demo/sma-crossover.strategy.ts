import { Decimal, createEvent, type Bar, type EventBus, type Instrument } from '@silvertine/core';
import type { Subscription } from 'rxjs';

export interface SmaCrossoverOptions {
  readonly brokerId: string;
  readonly instrument: Instrument;
  readonly quantity: Decimal;
  readonly fast?: number;
  readonly slow?: number;
}

/**
 * The demo strategy of the embedded default: a moving-average crossover on bars. It only talks to the
 * bus — MarketDataEvents in, OrderEvents out — exactly as a strategy in another process would through
 * Redis Streams. Long when the fast average crosses above the slow one, flat when it crosses below.
 */
export class SmaCrossoverStrategy {
  private readonly closes: Decimal[] = [];
  private readonly fast: number;
  private readonly slow: number;
  private long = false;
  private subscription?: Subscription;
  /** Orders this strategy asked for. */
  signals = 0;

  constructor(private readonly bus: EventBus, private readonly options: SmaCrossoverOptions) {
    this.fast = options.fast ?? 5;
    this.slow = options.slow ?? 20;
    if (this.fast >= this.slow) throw new RangeError('fast window must be shorter than slow window');
  }

  start(): void {
    this.subscription = this.bus.on('MarketData', (event) => {
      if (event.data.kind === 'bar' && event.data.symbol === this.options.instrument.symbol) this.onBar(event.data, event.timestamp);
    }, 'sma-crossover');
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private onBar(bar: Bar, now: number): void {
    this.closes.push(bar.close);
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
