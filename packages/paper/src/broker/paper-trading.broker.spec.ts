import { createEvent, dec, EventBus, InsufficientFundsError, ManualClock, type AlertEvent, type Fill, type Order, type OrderStatus } from '@silvertine/core';
import { BINANCE_SPOT_COMMISSION } from '../models/commission';
import { orderOf, quoteOf, spotInstrument, stockInstrument, tradeOf } from '../testing';
import { PaperTradingBroker } from './paper-trading.broker';
import { paperTradingConfig, type PaperTradingConfig } from './paper-trading.config';

const BTC = spotInstrument('BTCUSDT');

async function broker(overrides: Partial<PaperTradingConfig> = {}, clock = new ManualClock(1_000)) {
  const bus = new EventBus();
  const b = new PaperTradingBroker({ id: 'paper-t', bus, clock, config: paperTradingConfig({ instruments: [BTC], initialBalances: { USDT: dec(10_000) }, ...overrides }) });
  await b.connect();
  return { b, bus, clock };
}

describe('PaperTradingBroker', () => {
  it('refuses an order it cannot pay for with InsufficientFundsError stating the amounts', async () => {
    const { b } = await broker();
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    // 1 BTC × 50,001 > 10,000 USDT: the lock is exactly the quote amount, as Binance's
    await expect(b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec(1) })).rejects.toThrow(InsufficientFundsError);
    await expect(b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec(1) })).rejects.toThrow(/needs 50001 USDT, 10000 available/);
    await b.disconnect();
  });

  it('a fee-free cash account can spend its whole balance; a named fee reserve locks more only when asked for', async () => {
    const { b } = await broker({ commission: { model: 'NONE' } });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50000', 1_000, 10, 10));
    const all = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.2'), limitPrice: dec(50_000) });
    expect(all.status).toBe('FILLED');
    const usdt = (await b.getBalances()).find((x) => x.asset === 'USDT');
    expect([usdt?.free.toString(), usdt?.locked.toString()]).toEqual(['0', '0']);
    await b.disconnect();

    const reserved = await broker({ feeReserve: dec('0.001') });
    reserved.b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    await reserved.b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(49_000) });
    // 0.1 × 49,000 × 1.001
    expect((await reserved.b.getBalances()).find((x) => x.asset === 'USDT')?.locked.toString()).toBe('4904.9');
    await expect(reserved.b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(49_000) })).resolves.toBeDefined();
    await reserved.b.disconnect();
    expect(() => paperTradingConfigWith({ feeReserve: dec(-1) })).toThrow(/feeReserve/);
  });

  it('matches on live market data from the bus and never on a last value a failover re-serves stale', async () => {
    const { b, bus } = await broker({ commission: { model: 'NONE' } });
    const fills: Fill[] = [];
    b.fills$.subscribe((f) => fills.push(f));
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'feed', source: 'venue:stream', data: quoteOf('BTCUSDT', '50100', '50200', 1_000, 10, 10) }, 1_000));
    const resting = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(50_000) });
    expect(resting.status).toBe('ACCEPTED');
    // A crossing ask served stale (no source healthy): old news, the resting buy must not fill on it.
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'feed', source: 'venue:stream', stale: true, data: quoteOf('BTCUSDT', '49800', '49900', 1_001, 10, 10) }, 1_001));
    expect(fills).toHaveLength(0);
    // The same price arriving live fills it, at the resting order's limit (it was the maker).
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'feed', source: 'venue:poll', data: quoteOf('BTCUSDT', '49800', '49900', 1_002, 10, 10) }, 1_002));
    expect(fills.map((f) => f.price.toString())).toEqual(['50000']);
    await b.disconnect();
  });

  it('with the Binance preset, a buy pays its fee in the base asset and a sell in the quote asset', async () => {
    const { b } = await broker({ commission: BINANCE_SPOT_COMMISSION });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50000', 1_000, 10, 10));
    const fills: Fill[] = [];
    b.fills$.subscribe((f) => fills.push(f));
    await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    await b.placeOrder({ instrument: BTC, side: 'SELL', type: 'MARKET', quantity: dec('0.05') });
    // 0.1 % of 0.1 BTC = 0.0001 BTC; 0.1 % of 0.05 × 49,999 = 2.49995 USDT
    expect(fills.map((f) => [f.side, f.commission.toString(), f.commissionAsset])).toEqual([['BUY', '0.0001', 'BTC'], ['SELL', '2.49995', 'USDT']]);
    const balance = async (asset: string) => (await b.getBalances()).find((x) => x.asset === asset)?.total.toString();
    expect(await balance('BTC')).toBe('0.0499'); // 0.1 − 0.0001 − 0.05
    expect(await balance('USDT')).toBe('7497.45005'); // 10,000 − 5,000 + 2,499.95 − 2.49995
    expect((await b.getPositions()).find((p) => p.instrument.symbol === 'BTCUSDT')?.quantity.toString()).toBe('0.0499');
    await b.disconnect();
  });

  it('with the BNB option, fees are paid in BNB at a 25 % discount', async () => {
    const { b } = await broker({ commission: { model: 'PERCENTAGE', feeAsset: 'RECEIVED', bnb: { prices: { USDT: dec(500) } } }, initialBalances: { USDT: dec(10_000), BNB: dec(1) } });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50000', 1_000, 10, 10));
    const fills: Fill[] = [];
    b.fills$.subscribe((f) => fills.push(f));
    await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    // 5 USDT fee × 0.75 / 500 USDT per BNB
    expect(fills.map((f) => [f.commission.toString(), f.commissionAsset])).toEqual([['0.0075', 'BNB']]);
    await b.disconnect();
  });

  it('with a latency model on a virtual clock, fills carry whole-millisecond times', async () => {
    const { b, clock } = await broker({ latency: { model: 'UNIFORM', minMs: 0.2, maxMs: 9.7 }, commission: { model: 'NONE' }, seed: 3 });
    const fills: Fill[] = [];
    b.fills$.subscribe((f) => fills.push(f));
    for (let i = 0; i < 5; i++) {
      b.onMarketData(quoteOf('BTCUSDT', '49999', '50000', clock.now(), 10, 10));
      await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
      clock.advance(10);
    }
    expect(fills).toHaveLength(5);
    expect(fills.every((f) => Number.isInteger(f.timestamp))).toBe(true);
    expect(new Set(fills.map((f) => f.timestamp - 1_000 - 10 * fills.indexOf(f))).size).toBeGreaterThan(1); // the delays differ
    await b.disconnect();
  });

  it('with latency, orders reach the engine later in virtual time and a late cancel fails like at a venue', async () => {
    const { b, clock } = await broker({ latency: { model: 'FIXED', ms: 50 }, commission: { model: 'NONE' } });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    const placed = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(49_000) });
    expect(placed.status).toBe('SUBMITTED');
    clock.advance(50);
    expect((await b.getOrder(placed.clientOrderId))?.status).toBe('ACCEPTED');
    // the market reaches the limit, then the cancel (sent now) arrives 50 ms after the fill
    await b.cancelOrder(placed.clientOrderId);
    clock.advance(10);
    b.onMarketData(quoteOf('BTCUSDT', '48990', '48995', clock.now(), 10, 10));
    clock.advance(40);
    const final = (await b.getOrder(placed.clientOrderId)) as Order;
    expect(final.status).toBe('FILLED');
    expect(final.averageFillPrice?.toString()).toBe('49000');
    // 10,000 − 0.1 × 49,000 = 5,100 USDT, nothing left locked
    const usdt = (await b.getBalances()).find((x) => x.asset === 'USDT');
    expect([usdt?.free.toString(), usdt?.locked.toString()]).toEqual(['5100', '0']);
    await b.disconnect();
  });

  it('marks positions at the latest quote mid, read lazily, and at the fill price when opened after quotes', async () => {
    const { b } = await broker({ commission: { model: 'NONE' }, initialBalances: { USDT: dec(10_000), BTC: dec(1) } });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    b.onMarketData(quoteOf('BTCUSDT', '50000', '50003', 1_001, 10, 10));
    // Quotes before the position existed do not mark it: it opens at its fill price, as venues report.
    await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    const opened = (await b.localPositions()).find((p) => p.instrument.symbol === 'BTCUSDT');
    expect(opened?.marketPrice?.toString()).toBe('50003');
    b.onMarketData(quoteOf('BTCUSDT', '50010', '50011', 1_002, 10, 10));
    b.onMarketData(quoteOf('BTCUSDT', '50020', '50021', 1_003, 10, 10));
    const marked = (await b.localPositions()).find((p) => p.instrument.symbol === 'BTCUSDT');
    // 0.1 × (50,020.5 − 50,003)
    expect([marked?.marketPrice?.toString(), marked?.unrealizedPnl.toString()]).toEqual(['50020.5', '1.75']);
    // 1.1 BTC at the 50,020.5 mid + 10,000 − 5,000.3 USDT
    expect(b.portfolio.equity().toString()).toBe('60022.25');
    expect((await b.getAccountInfo()).equity.toString()).toBe('60022.25');
    b.onMarketData(tradeOf('BTCUSDT', 50_030, 1, 1_004));
    expect(b.portfolio.unrealizedPnl().toString()).toBe('2.7');
    await b.disconnect();
  });

  it('publishes a margin-call alert when equity falls below maintenance', async () => {
    const AAPL = stockInstrument('AAPL');
    const bus = new EventBus();
    const b = new PaperTradingBroker({
      id: 'paper-m',
      bus,
      clock: new ManualClock(0),
      config: paperTradingConfig({
        instruments: [AAPL],
        accountType: 'MARGIN',
        baseCurrency: 'USD',
        initialBalances: { USD: dec(10_000) },
        commission: { model: 'NONE' },
        margin: { STK: { initial: dec('0.5'), maintenance: dec('0.25') } },
      }),
    });
    await b.connect();
    const alerts: AlertEvent[] = [];
    bus.alerts$.subscribe((a) => alerts.push(a));
    b.onMarketData(quoteOf('AAPL', '99.99', '100', 0));
    await b.placeOrder(orderOf(AAPL, { quantity: 200 }));
    // bought 200 at 100 with 10,000: at a 66 mid, equity 200 × 66 − 10,000 = 3,200 < 25 % × 13,200 = 3,300
    b.onMarketData(quoteOf('AAPL', '65.99', '66.01', 1));
    expect(alerts.map((a) => a.source)).toEqual(['paper-margin']);
    expect(alerts[0].message).toBe('margin call: equity 3200 below maintenance 3300');
    await b.disconnect();
  });

  it('by default a resting order takes at most a quarter of each print at its price', async () => {
    const { b } = await broker({ commission: { model: 'NONE' } });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    const placed = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(49_000) });
    // a print of 0.2 at the limit: 0.25 × 0.2 = 0.05 is ours, the rest went to others at that price
    b.onMarketData(tradeOf('BTCUSDT', '49000', '0.2', 1_001));
    let order = (await b.getOrder(placed.clientOrderId)) as Order;
    expect([order.status, order.filledQuantity.toString()]).toEqual(['PARTIALLY_FILLED', '0.05']);
    // a print of 0.3 below it: 0.075 available, the 0.05 left fills, as a maker at the limit
    b.onMarketData(tradeOf('BTCUSDT', '48990', '0.3', 1_002));
    order = (await b.getOrder(placed.clientOrderId)) as Order;
    expect([order.status, order.filledQuantity.toString(), order.averageFillPrice?.toString()]).toEqual(['FILLED', '0.1', '49000']);
    await b.disconnect();
  });

  it('with maxVolumeShare 1 the same first print fills the whole order', async () => {
    const { b } = await broker({ commission: { model: 'NONE' }, maxVolumeShare: dec(1) });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    const placed = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(49_000) });
    b.onMarketData(tradeOf('BTCUSDT', '49000', '0.2', 1_001));
    expect((await b.getOrder(placed.clientOrderId))?.status).toBe('FILLED');
    expect(() => paperTradingConfigWith({ maxVolumeShare: dec('1.5') })).toThrow(/maxVolumeShare must be a Decimal in \(0, 1\]/);
    await b.disconnect();
  });

  it('expires a DAY order at the session end on the clock, with no market data arriving', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1, 23, 0));
    const { b, bus } = await broker({ commission: { model: 'NONE' } }, clock);
    const statuses: OrderStatus[] = [];
    bus.orderUpdates$.subscribe((e) => statuses.push(e.order.status));
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', clock.now(), 10, 10));
    const placed = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', quantity: dec('0.1'), limitPrice: dec(49_000) });
    const usdt = async () => (await b.getBalances()).find((x) => x.asset === 'USDT')!;
    // 0.1 × 49,000 = 4,900 USDT locked while it rests: price × quantity, nothing hidden on top
    expect((await usdt()).locked.toString()).toBe('4900');
    clock.advance(3_600_000 - 1); // 23:59:59.999
    expect((await b.getOrder(placed.clientOrderId))?.status).toBe('ACCEPTED');
    clock.advance(1); // 00:00 UTC, the default session end
    expect((await b.getOrder(placed.clientOrderId))?.status).toBe('EXPIRED');
    expect(statuses.at(-1)).toBe('EXPIRED');
    expect([(await usdt()).free.toString(), (await usdt()).locked.toString()]).toEqual(['10000', '0']);
    expect(clock.pendingTimers).toBe(0);
    await b.disconnect();
  });

  it('disconnect cancels the expiry timer', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1, 12, 0));
    const { b } = await broker({}, clock);
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', clock.now(), 10, 10));
    await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', quantity: dec('0.1'), limitPrice: dec(49_000) });
    expect(clock.pendingTimers).toBe(1);
    await b.disconnect();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a cancel that overtakes its order is refused as unknown and the order goes back to live', async () => {
    const { b, clock } = await broker({ commission: { model: 'NONE' }, latency: { model: 'FIXED', ms: 50 }, cancelLatency: { model: 'FIXED', ms: 5 } });
    b.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 1_000, 10, 10));
    const placed = await b.placeOrder({ instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec(49_000) });
    expect((await b.cancelOrder(placed.clientOrderId)).status).toBe('PENDING_CANCEL');
    clock.advance(5); // the cancel reaches the venue at 1,005, before the order (1,050): NOT_FOUND
    expect((await b.getOrder(placed.clientOrderId))?.status).toBe('ACCEPTED');
    clock.advance(45); // the order arrives and rests; a print at the limit fills it (0.25 × 1 ≥ 0.1)
    b.onMarketData(tradeOf('BTCUSDT', '49000', '1', clock.now()));
    expect((await b.getOrder(placed.clientOrderId))?.status).toBe('FILLED');
    await b.disconnect();
  });

  it('refuses an invalid configuration', () => {
    expect(() => new PaperTradingBroker({ id: 'x', config: paperTradingConfig({ instruments: [], initialBalances: {} }) })).toThrow(/invalid config/);
  });
});

describe('PaperTradingBroker replays', () => {
  /** One paper session on virtual time: orders without ids, a market that moves; returns every id it generated. */
  async function session(seed: number): Promise<string[]> {
    const { b, clock } = await broker({ seed, latency: { model: 'UNIFORM', minMs: 1, maxMs: 20 }, initialBalances: { USDT: dec(10_000), BTC: dec(1) } });
    const ids: string[] = [];
    b.orders$.subscribe((o) => void (ids.includes(o.clientOrderId) || ids.push(o.clientOrderId)));
    for (let i = 0; i < 6; i++) {
      b.onMarketData(quoteOf('BTCUSDT', String(49_990 + i), String(50_010 + i), clock.now(), 10, 10));
      await b.placeOrder({ instrument: BTC, side: i % 2 ? 'SELL' : 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec(i % 2 ? 60_000 : 40_000) });
      clock.advance(i % 3);
    }
    clock.advance(100);
    await b.disconnect();
    return ids;
  }

  it('generates the same client order ids from the same seed and data, and others from another seed', async () => {
    const first = await session(7);
    expect(first).toHaveLength(6);
    expect(await session(7)).toEqual(first);
    expect(await session(8)).not.toEqual(first);
  });
});

function paperTradingConfigWith(overrides: Partial<PaperTradingConfig>): PaperTradingBroker {
  return new PaperTradingBroker({ id: 'x', config: paperTradingConfig({ instruments: [BTC], initialBalances: {}, ...overrides }) });
}
