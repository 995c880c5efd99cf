/**
 * One measured round of PaperTradingBroker and of its RxJS floor, shared by the paper, metrics and
 * memory benches. The method follows packages/paper/bench/paper-broker.bench.ts (same quote with ample
 * size so every MARKET order fills at once, same floor), built here through the public API only.
 */
import { Subject } from 'rxjs';
import { createEvent, dec, EventBus, type Clock, type Instrument, type MetricsSink, type Quote } from '@silvertine/core';
import { PaperTradingBroker, paperTradingConfig } from '@silvertine/paper';
import { percentile, stopwatch } from './bench-kit';

export const BTCUSDT: Instrument = {
  symbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.00001'), minNotional: dec('5'), multiplier: dec('1'),
};
const quantity = dec('0.001');
const ample = dec('1000000000');
const quote: Quote = { kind: 'quote', symbol: 'BTCUSDT', bid: dec('49999.99'), ask: dec('50000.01'), bidSize: ample, askSize: ample, timestamp: 0 };
/** Wall time without timers: nothing in these rounds waits. */
export const benchClock: Clock = { now: () => Date.now(), setTimeout: () => ({ cancel: () => undefined }) };

export interface PaperRound {
  readonly ordersPerSecond: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly eventsPerOrder: number;
}

/** A connected paper broker on its own bus, with a quote to fill against. */
export async function paperBroker(options: { metrics?: MetricsSink; bus?: EventBus; maxClosedOrders?: number } = {}): Promise<{ broker: PaperTradingBroker; bus: EventBus }> {
  const bus = options.bus ?? new EventBus();
  const broker = new PaperTradingBroker({
    id: 'bench', bus, clock: benchClock, metrics: options.metrics, maxClosedOrders: options.maxClosedOrders,
    config: paperTradingConfig({ instruments: [BTCUSDT], initialBalances: { USDT: dec('10000000'), BTC: dec('1000') } }),
  });
  await broker.connect();
  bus.publish(createEvent({ type: 'MarketData', data: quote }, benchClock.now()));
  return { broker, bus };
}

/** Sends `n` sequential MARKET orders (alternating sides, so holdings stay flat). */
export async function sendOrders(broker: PaperTradingBroker, n: number, onSent?: () => void): Promise<void> {
  for (let i = 0; i < n; i++) {
    onSent?.();
    await broker.placeOrder({ instrument: BTCUSDT, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity });
  }
}

/** placeOrder → FillEvent through broker and bus: orders/s and latency percentiles. */
export async function paperRound(orders: number, metrics?: MetricsSink, onBus?: (bus: EventBus) => void): Promise<PaperRound> {
  const { broker, bus } = await paperBroker({ metrics, maxClosedOrders: 1_000 });
  onBus?.(bus);
  const latencies = new Float64Array(orders);
  let sentAt = 0n;
  let fills = 0;
  let events = 0;
  bus.events$.subscribe(() => events++);
  bus.on('Fill', () => {
    latencies[fills++] = Number(process.hrtime.bigint() - sentAt) / 1000;
  });
  const elapsed = stopwatch();
  await sendOrders(broker, orders, () => (sentAt = process.hrtime.bigint()));
  const seconds = elapsed();
  await broker.disconnect();
  bus.close();
  if (fills !== orders) throw new Error(`expected ${orders} fills, saw ${fills}`);
  latencies.sort();
  return { ordersPerSecond: orders / seconds, p50us: percentile(latencies, 0.5), p99us: percentile(latencies, 0.99), eventsPerOrder: events / orders };
}

/** The floor: a bare Subject carrying `perOrder` fresh objects per order, awaited once per order like placeOrder. */
export async function floorRound(orders: number, perOrder: number): Promise<PaperRound> {
  const subject = new Subject<{ readonly type: string; readonly i: number; readonly request?: unknown }>();
  const latencies = new Float64Array(orders);
  let sentAt = 0n;
  let seen = 0;
  subject.subscribe((e) => {
    if (e.type === 'Fill') latencies[e.i] = Number(process.hrtime.bigint() - sentAt) / 1000;
    seen++;
  });
  const elapsed = stopwatch();
  for (let i = 0; i < orders; i++) {
    sentAt = process.hrtime.bigint();
    const request = { instrument: BTCUSDT, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity };
    for (let k = 1; k < perOrder; k++) subject.next({ type: 'OrderUpdate', i, request });
    subject.next({ type: 'Fill', i });
    await undefined;
  }
  const seconds = elapsed();
  if (seen !== orders * perOrder) throw new Error('floor lost events');
  latencies.sort();
  return { ordersPerSecond: orders / seconds, p50us: percentile(latencies, 0.5), p99us: percentile(latencies, 0.99), eventsPerOrder: perOrder };
}
