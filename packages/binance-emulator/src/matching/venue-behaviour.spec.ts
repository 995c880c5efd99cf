import { dec, type Decimal, type MarketData } from '@silvertine/core';
import type { MatchEvent, OrderMatcher, WorkingOrder } from './order-matcher.port';
import { VenueBehaviourMatcher } from './venue-behaviour';

/** Accepts and fills every order in one piece at 100. */
class FillAll implements OrderMatcher {
  readonly submittedAt: number[] = [];
  submit(order: WorkingOrder, now: number): MatchEvent[] {
    this.submittedAt.push(now);
    return [{ kind: 'ACCEPTED', clientOrderId: order.clientOrderId }, { kind: 'FILL', clientOrderId: order.clientOrderId, price: dec(100), quantity: order.quantity, liquidity: 'TAKER' }];
  }
  cancel(clientOrderId: string): MatchEvent[] {
    return [{ kind: 'CANCEL_REJECTED', clientOrderId, reason: 'Unknown order sent.' }];
  }
  onMarketData(_data: MarketData): MatchEvent[] {
    return [];
  }
}

const order = (id: string, quantity: Decimal = dec('0.01')): WorkingOrder => ({ clientOrderId: id, symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity, timeInForce: 'GTC', postOnly: false });
const fills = (events: readonly MatchEvent[]): string[] => events.flatMap((e) => (e.kind === 'FILL' ? [e.quantity.toString()] : []));

describe('VenueBehaviourMatcher', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000 }));
  afterEach(() => jest.useRealTimers());

  it('acknowledges at once and matches when the latency has passed', () => {
    const inner = new FillAll();
    const matcher = new VenueBehaviourMatcher(inner, { latency: { model: 'FIXED', ms: 40 } }, () => dec('0.00001'));
    const delivered: MatchEvent[][] = [];
    const stamps: number[] = [];
    matcher.attach((events, at) => {
      delivered.push([...events]);
      stamps.push(at);
    });
    expect(matcher.submit(order('1'), Date.now())).toEqual([{ kind: 'ACCEPTED', clientOrderId: '1' }]);
    jest.advanceTimersByTime(39);
    expect(delivered).toEqual([]);
    // A timer that fires late (a loaded machine) still stamps the match at arrival + latency.
    jest.advanceTimersByTime(25);
    expect(delivered.map(fills)).toEqual([['0.01']]);
    expect({ submitted: inner.submittedAt, stamps }).toEqual({ submitted: [1_040], stamps: [1_040] });
  });

  it('cancels a delayed order before it reaches the book', () => {
    const inner = new FillAll();
    const matcher = new VenueBehaviourMatcher(inner, { latency: { model: 'FIXED', ms: 40 } }, () => dec('0.00001'));
    const delivered: MatchEvent[][] = [];
    matcher.attach((events) => delivered.push([...events]));
    matcher.submit(order('1'), Date.now());
    expect(matcher.cancel('1', Date.now())).toEqual([{ kind: 'CANCELED', clientOrderId: '1' }]);
    jest.advanceTimersByTime(100);
    expect({ delivered, submitted: inner.submittedAt }).toEqual({ delivered: [], submitted: [] });
  });

  it('splits fills into whole steps with the configured probability, seeded', () => {
    const run = (): string[][] => {
      const matcher = new VenueBehaviourMatcher(new FillAll(), { partialFills: { probability: 0.5, parts: 3 }, seed: 9 }, () => dec('0.00001'));
      return Array.from({ length: 400 }, (_, i) => fills(matcher.submit(order(String(i)), Date.now())));
    };
    const first = run();
    expect(run()).toEqual(first);
    const split = first.filter((f) => f.length === 3);
    expect(split[0]).toEqual(['0.00333', '0.00333', '0.00334']);
    expect(first.every((f) => f.length === 1 || f.length === 3)).toBe(true);
    // 400 draws at p = 0.5: 200 ± 10 (1 sd); 40 is 4 sd.
    expect(Math.abs(split.length - 200)).toBeLessThan(40);
  });

  it('refuses a split into fewer than two parts', () => {
    expect(() => new VenueBehaviourMatcher(new FillAll(), { partialFills: { probability: 0.5, parts: 1 } }, () => dec(1))).toThrow(RangeError);
  });
});
