import type { SubscriberFailure } from '@silvertine/core';
import { startE2eEnvironment, type BrokerName, type E2eEnvironment } from './support/e2e-environment';
import { checkFilledOrderFlow, EventRecorder, eventually } from './support/event-recorder';
import { QuoteFollowerStrategy } from './support/quote-follower.strategy';
import { publishQuotes, venueRoutes } from './support/venue-routes';

/**
 * Faults on one broker stay on that broker: the others keep their full event flow, publish no error and
 * never change connection state, while the faulty one reports its trouble and recovers afterwards.
 */
describe('broker isolation in one container', () => {
  let env: E2eEnvironment;
  let recorder: EventRecorder;
  let strategy: QuoteFollowerStrategy;

  beforeAll(async () => {
    env = await startE2eEnvironment({ beforeBrokers: (bus) => (recorder = new EventRecorder(bus)) });
    strategy = new QuoteFollowerStrategy(env.bus, (await venueRoutes(env)), 'iso');
  });

  afterAll(async () => {
    strategy?.stop();
    recorder?.stop();
    await env?.close();
  });

  /** Connection states and errors of a broker, for failure messages. */
  const history = (broker: BrokerName) => recorder.ofType('ConnectionState', broker).map((e) => `${e.current}(${e.reason ?? ''})`)
    .concat(recorder.ofType('BrokerError', broker).map((e) => `${e.code}: ${e.message}`)).join('; ');
  const statuses = () => (['paper', 'binance', 'ib'] as const).map((b) => `${b}: ${ids(b).map((id) => recorder.lastStatus(id)).join(',')}`).join(' | ') + ` | binance: ${history('binance')}`;
  const ids = (broker: BrokerName, from = 0) => (strategy.submitted.get(broker) ?? []).slice(from);
  const flows = (broker: BrokerName, from = 0) => ids(broker, from).flatMap((id) => checkFilledOrderFlow(recorder, id));
  const allFilled = (broker: BrokerName, from = 0) => ids(broker, from).length > 0 && ids(broker, from).every((id) => recorder.lastStatus(id) === 'FILLED');

  it('Binance losing its WebSockets and its order endpoint does not disturb paper and IB', async () => {
    strategy.start();
    const mark = recorder.events.length;
    env.binanceVenue.control.dropWebSockets();
    env.binanceVenue.control.injectFault({ kind: 'http5xx', match: '/api/v3/order', transport: 'rest', count: 1_000 });
    for (let round = 0; round < 3; round++) publishQuotes(env.bus);
    await eventually(() => allFilled('paper') && allFilled('ib'), 'paper and IB orders FILLED during the Binance outage', undefined, statuses);
    // Binance's orders cannot have filled: the venue never processed them (5xx before processing). Each
    // must have had its 5xx (UNKNOWN) before the faults are cleared: PENDING_SUBMIT only means sent, and on
    // a busy loop a request sent here may reach the emulator after the next test cleared them (then it fills).
    await eventually(() => ids('binance').length === 3 && ids('binance').every((id) => recorder.lastStatus(id) === 'UNKNOWN'), 'Binance orders answered with a 5xx', undefined, statuses);
    expect(ids('binance').filter((id) => recorder.lastStatus(id) === 'FILLED')).toEqual([]);

    expect(flows('paper')).toEqual([]);
    expect(flows('ib')).toEqual([]);
    const during = recorder.events.slice(mark).map((r) => r.event);
    const errorsOf = (b: string) => during.filter((e) => e.type === 'BrokerError' && e.brokerId === b);
    const statesOf = (b: string) => during.filter((e) => e.type === 'ConnectionState' && e.brokerId === b);
    expect(errorsOf('binance').length).toBeGreaterThan(0);
    expect(errorsOf('paper')).toEqual([]);
    expect(errorsOf('ib')).toEqual([]);
    expect(statesOf('paper')).toEqual([]);
    expect(statesOf('ib')).toEqual([]);
    expect(env.brokers.paper.state).toBe('CONNECTED');
    expect(env.brokers.ib.state).toBe('CONNECTED');
  });

  it('Binance resolves the orders it never received as REJECTED, never resending them, and trades again once the venue recovers', async () => {
    env.binanceVenue.control.clearFaults();
    await eventually(() => ids('binance').every((id) => recorder.lastStatus(id) === 'REJECTED'), 'unknown Binance orders resolved', undefined, statuses);
    // The unknown-outcome path asks the venue; it never sends an order twice.
    for (const id of ids('binance')) expect(env.binanceVenue.control.receivedOrders(id).length).toBeLessThanOrEqual(1);
    await eventually(() => env.brokers.binance.state === 'CONNECTED', 'Binance reconnected', undefined, () => history('binance'));
    const from = { paper: ids('paper').length, binance: ids('binance').length, ib: ids('ib').length };
    publishQuotes(env.bus);
    await eventually(() => allFilled('paper', from.paper) && allFilled('binance', from.binance) && allFilled('ib', from.ib), 'one more round FILLED everywhere', undefined, statuses);
    expect([...flows('paper', from.paper), ...flows('binance', from.binance), ...flows('ib', from.ib)]).toEqual([]);
  });

  it('a subscriber that throws on one broker\'s events is isolated: every broker, that one included, completes its flow', async () => {
    const failures: SubscriberFailure[] = [];
    const watch = env.bus.failures$.subscribe((f) => failures.push(f));
    const faulty = env.bus.on('OrderUpdate', (e) => {
      if (e.brokerId === 'ib') throw new Error('a strategy bug');
    }, 'faulty-strategy');
    const from = { paper: ids('paper').length, binance: ids('binance').length, ib: ids('ib').length };
    try {
      publishQuotes(env.bus);
      await eventually(() => allFilled('paper', from.paper) && allFilled('binance', from.binance) && allFilled('ib', from.ib), 'a round FILLED with a throwing subscriber', undefined, statuses);
    } finally {
      faulty.unsubscribe();
      watch.unsubscribe();
    }
    expect([...flows('paper', from.paper), ...flows('binance', from.binance), ...flows('ib', from.ib)]).toEqual([]);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.subscriber === 'faulty-strategy' && f.eventType === 'OrderUpdate')).toBe(true);
  });
});
