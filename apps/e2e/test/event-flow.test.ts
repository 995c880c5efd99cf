import type { Order } from '@silvertine/core';
import type { Subscription } from 'rxjs';
import { BROKERS, startE2eEnvironment, type E2eEnvironment } from './support/e2e-environment';
import { checkFilledOrderFlow, EventRecorder, eventually } from './support/event-recorder';
import { QuoteFollowerStrategy } from './support/quote-follower.strategy';
import { publishQuotes, venueRoutes } from './support/venue-routes';

/**
 * The whole event flow through the composed container: a strategy on the bus turns MarketDataEvents
 * into OrderEvents, and paper, Binance (emulator) and IB (TWS emulator) — all three live in one process
 * on one bus — answer with OrderUpdates and Fills.
 */
describe('event flow: paper, Binance and IB in one container', () => {
  let env: E2eEnvironment;
  let recorder: EventRecorder;
  let lateRecorder: EventRecorder;
  let strategy: QuoteFollowerStrategy;
  const direct = new Map<string, Order[]>();
  const subscriptions: Subscription[] = [];
  const ROUNDS = 4;

  beforeAll(async () => {
    // The recorder subscribes before the brokers exist, so it sees events in publication (causal) order.
    env = await startE2eEnvironment({ beforeBrokers: (bus) => (recorder = new EventRecorder(bus)) });
    lateRecorder = new EventRecorder(env.bus);
    // What each broker emits on its own stream, to compare with what the shared bus delivered.
    for (const name of BROKERS) {
      const seen: Order[] = [];
      direct.set(name, seen);
      subscriptions.push(env.brokers[name].orders$.subscribe((o) => seen.push(o)));
    }
    strategy = new QuoteFollowerStrategy(env.bus, (await venueRoutes(env)));
    strategy.start();
    for (let round = 0; round < ROUNDS; round++) publishQuotes(env.bus);
    const all = () => BROKERS.flatMap((b) => strategy.submitted.get(b) ?? []);
    await eventually(() => all().length === ROUNDS * BROKERS.length && all().every((id) => recorder.lastStatus(id) === 'FILLED'), 'every order FILLED');
  });

  afterAll(async () => {
    strategy?.stop();
    recorder?.stop();
    lateRecorder?.stop();
    for (const s of subscriptions) s.unsubscribe();
    await env?.close();
  });

  it.each(BROKERS)('%s: MarketData → Order → OrderUpdate(PENDING_SUBMIT) → … → Fill → OrderUpdate(FILLED) for every order', (broker) => {
    const ids = strategy.submitted.get(broker) ?? [];
    expect(ids).toHaveLength(ROUNDS);
    expect(ids.flatMap((id) => checkFilledOrderFlow(recorder, id))).toEqual([]);
  });

  it.each(BROKERS)('%s: the bus delivers its updates exactly in the order the broker emitted them', (broker) => {
    const onBus = recorder.ofType('OrderUpdate', broker).map((e) => e.order);
    const emitted = direct.get(broker)!;
    expect(onBus.length).toBe(emitted.length);
    expect(onBus.every((order, i) => order === emitted[i])).toBe(true);
    const timestamps = recorder.ofType('OrderUpdate', broker).map((e) => e.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
  });

  it.each(BROKERS)('%s: orders enter the venue in the order the strategy sent them', (broker) => {
    const pending = recorder.ofType('OrderUpdate', broker).filter((e) => e.order.status === 'PENDING_SUBMIT').map((e) => e.order.clientOrderId);
    expect(pending).toEqual(strategy.submitted.get(broker));
  });

  it('no broker publishes about another broker\'s orders, and nothing failed', () => {
    for (const broker of BROKERS) {
      const foreign = [...recorder.ofType('OrderUpdate', broker).map((e) => e.order.clientOrderId), ...recorder.ofType('Fill', broker).map((e) => e.fill.clientOrderId)]
        .filter((id) => !id.startsWith(`e2e-${broker}-`));
      expect(foreign).toEqual([]);
    }
    expect(recorder.ofType('BrokerError')).toEqual([]);
    expect(recorder.ofType('Alert').filter((a) => a.severity === 'CRITICAL')).toEqual([]);
  });

  // EventBus queues events published from inside a subscriber until the current event has reached
  // everyone, so a subscriber added after the brokers (an audit log, a Redis bridge started late) still
  // sees each OrderEvent before the OrderUpdate and Fill it causes.
  it('a subscriber added after the brokers also sees every OrderEvent before its effects', () => {
    const ids = BROKERS.flatMap((b) => strategy.submitted.get(b) ?? []);
    expect(ids.flatMap((id) => checkFilledOrderFlow(lateRecorder, id))).toEqual([]);
  });

  it('monitoring (bound as the container\'s metrics sink) saw every fill of every broker', () => {
    for (const broker of BROKERS) {
      const fills = recorder.ofType('Fill', broker).length;
      expect(fills).toBeGreaterThanOrEqual(ROUNDS);
      const summary = env.monitoring.metrics.summary(broker);
      expect(summary?.totals.fills).toBe(fills);
      expect(summary?.totals.finished['FILLED']).toBe(ROUNDS);
    }
  });
});
