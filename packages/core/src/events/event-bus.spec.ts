import { dec } from '../decimal/decimal';
import { createEvent } from './event-factory';
import { EventBus } from './event-bus';
import type { AlertEvent, MarketDataEvent } from './events';

const quote = (n: number): MarketDataEvent =>
  createEvent({ type: 'MarketData', brokerId: n % 2 ? 'a' : 'b', data: { kind: 'trade', symbol: 'X', price: dec(n), size: dec(1), timestamp: n } });

describe('EventBus', () => {
  it('delivers typed streams in publication order, per broker', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    const alerts: AlertEvent[] = [];
    bus.on('MarketData', (e) => e.brokerId === 'a' && e.data.kind === 'trade' && seen.push(e.data.timestamp));
    bus.on('Alert', (e) => alerts.push(e));
    for (let i = 0; i < 1000; i++) bus.publish(quote(i));
    bus.publish(createEvent({ type: 'Alert', severity: 'WARNING', source: 'test', message: 'm' }));
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i + 1));
    expect(alerts).toHaveLength(1);
  });

  it('isolates a throwing subscriber and reports it, without harming others', () => {
    const bus = new EventBus();
    const failures: string[] = [];
    const received: string[] = [];
    bus.failures$.subscribe((f) => failures.push(`${f.subscriber}:${(f.error as Error).message}`));
    bus.on('MarketData', () => { throw new Error('boom'); }, 'bad');
    bus.on('MarketData', (e) => received.push(e.id), 'good');
    const a = quote(1);
    const b = quote(2);
    bus.publish(a);
    bus.publish(b);
    expect(received).toEqual([a.id, b.id]);
    expect(failures).toEqual(['bad:boom', 'bad:boom']);
  });

  it('filters events of one broker and stops after close', () => {
    const bus = new EventBus();
    const ofA: string[] = [];
    bus.subscribeIsolated(bus.ofBroker('a'), (e) => ofA.push(e.id));
    const a = quote(1);
    bus.publish(a);
    bus.publish(quote(2));
    bus.close();
    bus.publish(quote(3));
    expect(ofA).toEqual([a.id]);
  });

  it('stamps events with unique ids and the given time', () => {
    const e1 = createEvent({ type: 'Alert', severity: 'INFO', source: 's', message: 'm' }, 42);
    const e2 = createEvent({ type: 'Alert', severity: 'INFO', source: 's', message: 'm' }, 42);
    expect(e1.timestamp).toBe(42);
    expect(e1.id).not.toBe(e2.id);
  });
});

describe('EventBus publication order under re-entrant publishing', () => {
  it('lets every subscriber, early or late, see a cause before the effect a subscriber published for it', () => {
    const bus = new EventBus();
    // an early subscriber reacts to every trade by publishing an alert (the effect)
    bus.on('MarketData', (e) => bus.publish(createEvent({ type: 'Alert', severity: 'INFO', source: 'reaction', message: e.id })), 'reactor');
    const seen: string[] = [];
    bus.subscribeIsolated(bus.events$, (e) => seen.push(e.type === 'Alert' ? `alert:${e.message}` : `trade:${e.id}`), 'late-audit');
    const a = quote(1);
    const b = quote(2);
    bus.publish(a);
    bus.publish(b);
    expect(seen).toEqual([`trade:${a.id}`, `alert:${a.id}`, `trade:${b.id}`, `alert:${b.id}`]);
  });
});

describe('EventBus typed handlers', () => {
  it('delivers only the handler’s type, and never to a handler unsubscribed earlier in the same delivery', () => {
    const bus = new EventBus();
    const calls: string[] = [];
    const later: Array<{ unsubscribe(): void }> = [];
    bus.on('MarketData', () => {
      calls.push('first');
      for (const subscription of later) subscription.unsubscribe();
    });
    later.push(bus.on('MarketData', () => calls.push('second')));
    bus.on('Alert', () => calls.push('alert'));
    bus.publish(quote(1));
    bus.publish(quote(2));
    expect(calls).toEqual(['first', 'first']);
  });

  it('keeps other handlers of the type after one unsubscribes, and delivers nothing after close', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    const a = bus.on('MarketData', () => seen.push(1));
    bus.on('MarketData', () => seen.push(2));
    bus.publish(quote(1));
    a.unsubscribe();
    bus.publish(quote(2));
    bus.close();
    bus.publish(quote(3));
    expect(seen).toEqual([1, 2, 2]);
  });
});

describe('EventBus instrumentation', () => {
  const alert = (timestamp: number) => createEvent({ type: 'Alert', severity: 'INFO', source: 's', message: 'm' }, timestamp);

  it('counts deliveries by type, with or without subscribers', () => {
    const bus = new EventBus();
    bus.publish(quote(1));
    bus.on('MarketData', () => undefined);
    bus.publish(quote(2));
    bus.publish(alert(3));
    expect(bus.deliveredCount('MarketData')).toBe(2);
    expect(bus.deliveredCount('Alert')).toBe(1);
    expect(bus.deliveredCount('Fill')).toBe(0);
  });

  it('samples every n-th event of all types together, from the next one, until unsubscribed', () => {
    const bus = new EventBus();
    bus.publish(alert(-1)); // before subscribing: not counted towards the sampler
    const every3: number[] = [];
    const every2: number[] = [];
    const subscription = bus.sample(3, (e) => every3.push(e.timestamp));
    bus.sample(2, (e) => every2.push(e.timestamp));
    // both types count: alerts and market data alternate
    for (let t = 0; t < 7; t++) bus.publish(t % 2 ? alert(t) : { ...quote(t), timestamp: t });
    subscription.unsubscribe();
    bus.publish(alert(7));
    expect(every3).toEqual([0, 3, 6]);
    expect(every2).toEqual([0, 2, 4, 6]);
    expect(() => bus.sample(0, () => undefined)).toThrow(RangeError);
  });

  it('isolates a sampler that throws', () => {
    const bus = new EventBus();
    const failures: string[] = [];
    bus.failures$.subscribe((f) => failures.push(f.subscriber));
    const seen: number[] = [];
    bus.sample(1, () => {
      throw new Error('boom');
    }, 'bad-sampler');
    bus.on('Alert', (e) => seen.push(e.timestamp));
    bus.publish(alert(7));
    expect(failures).toEqual(['bad-sampler']);
    expect(seen).toEqual([7]);
  });
});
