import { Decimal, isTerminalStatus, type Fill, type Order, type OrderStatus } from '@silvertine/core';
import { BROKERS, INITIAL, startE2eEnvironment, type BrokerName, type E2eEnvironment } from './support/e2e-environment';
import { EventRecorder, eventually, untilEvent } from './support/event-recorder';
import { balanceDifferences, expectedHoldings, positionDifferences } from './support/fill-ledger';
import { publishQuotes, venueRoutes } from './support/venue-routes';

const ORDERS = 1_000;
/**
 * Safety nets sized by the work, not by how long it usually takes: 3,000 orders through three brokers
 * and two emulators sharing one process take seconds on a quiet machine and ten times that or more when
 * the test process gets a fraction of the CPU (npm run test:load). Nothing waits for time to pass; the
 * burst is awaited event by event and these only end a run that is really stuck.
 */
const SAFETY_NET_MS = ORDERS * 3 * 100;
const HOOK_TIMEOUT_MS = SAFETY_NET_MS + 30_000;
/** The TWS emulator's default managed (paper) account. */
const IB_ACCOUNT = 'DU1234567';

/** Base and quote asset of each venue's symbol (AAPL is a position, not a coin). */
const ASSETS: Record<string, { base?: string; quote: string }> = {
  ETHUSDT: { base: 'ETH', quote: 'USDT' },
  BTCUSDT: { base: 'BTC', quote: 'USDT' },
  AAPL: { quote: 'USD' },
};

/**
 * 1,000 orders sent at once to each of the three brokers (3,000 in flight together, one bus): every
 * one must be acknowledged and filled exactly once, with no error, and afterwards each broker's
 * balances and positions must equal what its fills imply, to the last decimal.
 */
describe(`concurrency: ${ORDERS} concurrent orders per broker`, () => {
  let env: E2eEnvironment;
  let recorder: EventRecorder;
  const results = new Map<BrokerName, PromiseSettledResult<Order>[]>();

  beforeAll(async () => {
    env = await startE2eEnvironment({ beforeBrokers: (bus) => (recorder = new EventRecorder(bus)), binanceRecvWindowMs: 60_000 });
    publishQuotes(env.bus, ['ETHUSDT']); // the paper venue's market
    const routes = (await venueRoutes(env));
    const route = (broker: BrokerName) => [...routes.values()].find((r) => r.brokerId === broker)!;
    // Every order's final status, counted as published (subscribed before the burst, nothing polled):
    // the wait ends when all 3,000 are final, FILLED or not; the tests below judge them.
    const final = new Map<string, Map<string, OrderStatus>>(BROKERS.map((b) => [b, new Map()]));
    const everyOrderFinal = untilEvent(env.bus, (e) => {
      if (e.type === 'OrderUpdate' && isTerminalStatus(e.order.status)) final.get(e.brokerId)?.set(e.order.clientOrderId, e.order.status);
      return BROKERS.every((b) => final.get(b)!.size === ORDERS);
    }, `${ORDERS} orders final per broker`, SAFETY_NET_MS,
    () => BROKERS.map((b) => `${b}: ${final.get(b)!.size} final, errors: ${[...new Set(recorder.ofType('BrokerError', b).map((e) => `${e.code} ${e.message}`))].slice(0, 3).join('; ') || 'none'}`).join(' | '));
    // All three bursts start in the same tick: the brokers share the process, the bus and the event loop.
    const bursts = BROKERS.map(async (broker) => {
      const { instrument, quantity } = route(broker);
      const placed = await Promise.allSettled(Array.from({ length: ORDERS }, (_, i) =>
        env.brokers[broker].placeOrder({ clientOrderId: `c-${broker}-${i}`, instrument, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity })));
      results.set(broker, placed);
    });
    await Promise.all(bursts);
    await everyOrderFinal;
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    recorder?.stop();
    await env?.close();
  });

  const fillsOf = (broker: BrokerName): Fill[] => recorder.ofType('Fill', broker).map((e) => e.fill);

  it.each(BROKERS)('%s: every placeOrder resolves, no BrokerError, every order FILLED exactly once', async (broker) => {
    const rejected = results.get(broker)!.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(rejected).toEqual([]);
    // a late executionReport NEW after the fills is stale: core drops it, so no error at all
    expect(recorder.ofType('BrokerError', broker)).toEqual([]);
    const filledIds = recorder.ofType('OrderUpdate', broker).filter((e) => e.order.status === 'FILLED').map((e) => e.order.clientOrderId);
    expect(new Set(filledIds).size).toBe(ORDERS);
    const tradeIds = fillsOf(broker).map((f) => f.tradeId);
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    const filledQuantity = Decimal.sum(fillsOf(broker).map((f) => f.quantity));
    const { quantity } = [...(await venueRoutes(env)).values()].find((r) => r.brokerId === broker)!;
    expect(filledQuantity.eq(quantity.times(ORDERS))).toBe(true);
  });

  it('paper: balances and the ETH position equal the fills, exactly', async () => {
    const expected = expectedHoldings(INITIAL.paper, fillsOf('paper'), (s) => ASSETS[s]);
    expect(balanceDifferences(await env.brokers.paper.getBalances(), expected.balances)).toEqual([]);
  });

  it('binance: the venue\'s balances and the adapter\'s equal the fills, exactly', async () => {
    const expected = expectedHoldings(INITIAL.binance, fillsOf('binance'), (s) => ASSETS[s]);
    for (const [asset, amount] of expected.balances) {
      const venue = env.binanceVenue.control.balance(asset);
      expect(`${asset} ${venue.free.plus(venue.locked).toString()}`).toBe(`${asset} ${amount.toString()}`);
    }
    // The adapter reads balances from the venue (REST), so it must agree too.
    expect(balanceDifferences(await env.brokers.binance.getBalances(), expected.balances)).toEqual([]);
  });

  it('ib: USD cash and the AAPL position equal the fills, exactly', async () => {
    const fills = fillsOf('ib');
    const expected = expectedHoldings(INITIAL.ib, fills, (s) => ASSETS[s]);
    // Commissions arrive in IB's commissionReport, after the execution: wait until the venue's
    // ledger and the adapter's view agree with the expectation, then compare exactly.
    let balances: string[] = ['not read'];
    await eventually(async () => (balances = balanceDifferences(await env.brokers.ib.getBalances(), expected.balances)).length === 0, 'IB cash settled', undefined, () => balances.join('; '));
    expect(positionDifferences(await env.brokers.ib.getPositions(), expected.positions)).toEqual([]);
    const venue = env.twsVenue.positions(IB_ACCOUNT).find((p) => p.contract.symbol === 'AAPL');
    expect((venue?.quantity ?? Decimal.from(0)).toString()).toBe((expected.positions.get('AAPL') ?? Decimal.from(0)).toString());
  });
});
