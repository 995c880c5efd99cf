import {
  EventBus, InsufficientFundsError, IpBannedError, ManualClock, RateLimitError, TemporaryConnectionError, TimeoutError, dec,
  type AlertEvent, type OrderRequest,
} from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit-breaker';
import { CircuitBreakerRegistry } from './circuit-breaker.registry';

function setup(options: Partial<ConstructorParameters<typeof CircuitBreaker>[0]> = {}) {
  const clock = new ManualClock(1_000);
  const bus = new EventBus();
  const alerts: AlertEvent[] = [];
  bus.alerts$.subscribe((a) => alerts.push(a));
  const breaker = new CircuitBreaker({ brokerId: 'b1', endpoint: 'orders', clock, bus, openDurationMs: 10_000, ...options });
  const states: CircuitState[] = [];
  breaker.state$.subscribe((t) => states.push(t.state));
  return { clock, bus, alerts, breaker, states };
}

describe('CircuitBreaker', () => {
  it('opens on a ban for the Retry-After period, then half-opens and closes on a successful probe', async () => {
    const { clock, breaker, states, alerts } = setup();
    await expect(breaker.execute(() => { throw new RateLimitError('banned', 120_000, { venueCode: 418 }); })).rejects.toBeInstanceOf(RateLimitError);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.retryAt).toBe(121_000);
    let calls = 0;
    await expect(breaker.execute(async () => { calls++; })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(0);
    clock.advance(119_999);
    expect(breaker.state).toBe('OPEN');
    clock.advance(1);
    expect(breaker.state).toBe('HALF_OPEN');
    await breaker.execute(async () => { calls++; });
    expect(calls).toBe(1);
    expect(states).toEqual(['CLOSED', 'OPEN', 'HALF_OPEN', 'CLOSED']);
    expect(alerts.map((a) => [a.severity, a.details?.state])).toEqual([['CRITICAL', 'OPEN'], ['WARNING', 'HALF_OPEN'], ['INFO', 'CLOSED']]);
    expect(alerts[0].details?.reason).toBe('ban');
  });

  it('treats core IpBannedError as a ban, open for its Retry-After', () => {
    const { breaker, clock } = setup();
    breaker.recordFailure(new IpBannedError('banned until later', 300_000));
    expect(breaker.state).toBe('OPEN');
    expect(breaker.retryAt).toBe(clock.now() + 300_000);
  });

  it('opens after N consecutive connection failures; a success in between resets the count', async () => {
    const { breaker } = setup({ connectionFailureThreshold: 3 });
    const fail = () => breaker.execute(() => { throw new TemporaryConnectionError('reset'); }).catch(() => undefined);
    await fail(); await fail();
    await breaker.execute(async () => 1);
    await fail(); await fail();
    expect(breaker.state).toBe('CLOSED');
    await breaker.execute(() => { throw new TimeoutError('slow', 5000); }).catch(() => undefined);
    expect(breaker.state).toBe('OPEN');
  });

  it('opens on the error-rate threshold over the window, ignoring business rejections', async () => {
    const { breaker, clock } = setup({ errorRateMinimumCalls: 10, errorRateThreshold: 0.5, errorRateWindowMs: 60_000, connectionFailureThreshold: 100 });
    for (let i = 0; i < 10; i++) breaker.recordFailure(new InsufficientFundsError('no money'));
    expect(breaker.state).toBe('CLOSED');
    for (let i = 0; i < 5; i++) breaker.recordSuccess();
    // Old outcomes fall out of the window: 4 failures among 9 recent calls would not be enough...
    clock.advance(61_000);
    for (let i = 0; i < 5; i++) breaker.recordSuccess();
    for (let i = 0; i < 4; i++) breaker.recordFailure(new RateLimitError('429', 10));
    expect(breaker.state).toBe('CLOSED');
    // ...the fifth makes 5 of 10.
    breaker.recordFailure(new RateLimitError('429', 10));
    expect(breaker.state).toBe('OPEN');
  });

  it('lets exactly one probe through while half-open and reopens for twice as long when it fails', async () => {
    const { breaker, clock } = setup();
    breaker.trip();
    clock.advance(10_000);
    expect(breaker.state).toBe('HALF_OPEN');
    let release!: () => void;
    const probe = breaker.execute(() => new Promise<void>((_r, reject) => { release = () => reject(new TemporaryConnectionError('still down')); }));
    expect(() => breaker.assertCanCall()).toThrow(CircuitOpenError);
    release();
    await expect(probe).rejects.toBeInstanceOf(TemporaryConnectionError);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.retryAt).toBe(clock.now() + 20_000);
    breaker.close();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('CircuitBreakerRegistry as a pre-trade check', () => {
  const request = (id: string): Omit<OrderRequest, 'timeInForce'> => ({ clientOrderId: id, instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('1000') });

  it('refuses orders with CIRCUIT_OPEN while open, before the journal sees them, and admits them once closed', async () => {
    const clock = new ManualClock(0);
    const bus = new EventBus();
    const registry = new CircuitBreakerRegistry({ clock, bus, defaults: { openDurationMs: 5_000 } });
    const journaled: string[] = [];
    const broker = new ReferenceBroker({
      id: 'ref', config: { cash: { USDT: dec(100_000) } }, clock, bus,
      journal: { recordSubmit: (_b, r) => { journaled.push(r.clientOrderId); }, recordUpdate: () => undefined, recordFill: () => undefined },
    });
    broker.addPreTradeCheck(registry.preTradeCheck('ref'));
    await broker.connect();
    registry.breaker('ref', 'orders').recordFailure(new RateLimitError('banned', 60_000));
    // A market-data breaker of the same broker is independent.
    expect(registry.breaker('ref', 'market-data').state).toBe('CLOSED');
    await expect(broker.placeOrder(request('o1'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(journaled).toEqual([]);
    clock.advance(60_000);
    expect(registry.breaker('ref', 'orders').state).toBe('HALF_OPEN');
    await expect(broker.placeOrder(request('o2'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    expect(journaled).toEqual(['o2']);
    expect(registry.list('ref')).toHaveLength(2);
    registry.close();
    await broker.disconnect();
  });
});
