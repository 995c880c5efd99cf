import { Decimal, type Fill, type Order } from '@silvertine/core';
import { BROKERS, INITIAL, startE2eEnvironment, type BrokerName, type E2eEnvironment } from './support/e2e-environment';
import { EventRecorder, eventually } from './support/event-recorder';
import { balanceDifferences, expectedHoldings, positionDifferences } from './support/fill-ledger';
import { publishQuotes, venueRoutes } from './support/venue-routes';

const ORDERS = 1_000;
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
    env = await startE2eEnvironment({ beforeBrokers: (bus) => (recorder = new EventRecorder(bus)) });
    publishQuotes(env.bus, ['ETHUSDT']); // the paper venue's market
    const routes = (await venueRoutes(env));
    const route = (broker: BrokerName) => [...routes.values()].find((r) => r.brokerId === broker)!;
    // All three bursts start in the same tick: the brokers share the process, the bus and the event loop.
    const bursts = BROKERS.map(async (broker) => {
      const { instrument, quantity } = route(broker);
      const placed = await Promise.allSettled(Array.from({ length: ORDERS }, (_, i) =>
        env.brokers[broker].placeOrder({ clientOrderId: `c-${broker}-${i}`, instrument, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity })));
      results.set(broker, placed);
    });
    await Promise.all(bursts);
    const filled = (broker: BrokerName) => recorder.ofType('OrderUpdate', broker).filter((e) => e.order.status === 'FILLED').length;
    await eventually(() => BROKERS.every((b) => filled(b) === ORDERS), `${ORDERS} FILLED per broker`, 40_000,
      () => BROKERS.map((b) => `${b}: ${filled(b)}`).join(', ') + ` | errors: ${[...new Set(recorder.ofType('BrokerError').map((e) => `${e.brokerId} ${e.code} ${e.message}`))].slice(0, 5).join('; ')}`);
  }, 60_000);

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
    await eventually(async () => (balances = balanceDifferences(await env.brokers.ib.getBalances(), expected.balances)).length === 0, 'IB cash settled', 10_000, () => balances.join('; '));
    expect(positionDifferences(await env.brokers.ib.getPositions(), expected.positions)).toEqual([]);
    const venue = env.twsVenue.positions(IB_ACCOUNT).find((p) => p.contract.symbol === 'AAPL');
    expect((venue?.quantity ?? Decimal.from(0)).toString()).toBe((expected.positions.get('AAPL') ?? Decimal.from(0)).toString());
  });
});
