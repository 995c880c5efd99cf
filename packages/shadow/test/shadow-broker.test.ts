import { createEvent, dec, EventBus, NotSupportedError, offersTicker, type MarketDataEvent, type Order } from '@silvertine/core';
import { ManualClock, ReferenceBroker } from '@silvertine/core/testing';
import { firstValueFrom } from 'rxjs';
import { orderGap, shadowClientOrderId, type ShadowMetricsSink } from '../src';
import { BTC, liveBroker, market, mirrored, paperBroker, shadowed, tape } from './shadow-harness';

const START = 1_700_000_000_000;

describe('ShadowBroker', () => {
  let bus: EventBus;
  let clock: ManualClock;
  let live: ReferenceBroker;

  beforeEach(() => {
    bus = new EventBus();
    clock = new ManualClock(START);
    live = liveBroker(bus, clock);
  });

  it('mirrors a live market order into paper under a derived id and pairs the fills', async () => {
    const { broker, next } = shadowed(bus, live, (b) => paperBroker(b, clock));
    await broker.connect();
    market(bus, clock, live, dec('100.50'), dec('99.90'), dec('100.00'));
    const paired = next();
    const order = await broker.placeOrder({ clientOrderId: 'm1', instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    expect(order.status).toBe('FILLED');
    const record = await paired;
    expect(record.shadowClientOrderId).toBe('s-m1');
    expect((await broker.shadow.getOrder('s-m1'))?.status).toBe('FILLED');
    const gap = orderGap(record);
    expect(gap.filledOn).toBe('BOTH');
    // live paid 100.50, paper the ask 100.00 (no slippage configured): (100.50 − 100) / 100 × 10,000 = 50 bps against the trader
    expect(gap.priceGapBps?.toString()).toBe('50');
    // live fee: 0.1 % of 10.05 USDT = 0.01005; paper: 0.1 % of 0.1 BTC = 0.0001 BTC × 100 = 0.01 USDT
    expect(gap.feeGap?.toString()).toBe('0.00005');
    expect(gap.timeToFillGapMs).toBe(0);
    await broker.disconnect();
  });

  it('fills a mirror at a quote published before the ShadowBroker existed, once seeded with it', async () => {
    // What an adapter publishes while the composition connects it (Binance's starting bookTicker).
    const early: MarketDataEvent[] = [];
    bus.on('MarketData', (event) => early.push(event));
    market(bus, clock, live, dec('100.50'), dec('99.90'), dec('100.00'));
    const { broker, next } = shadowed(bus, live, (b) => paperBroker(b, clock));
    await broker.connect();
    broker.seedMarketData(early);
    const paired = next();
    await broker.placeOrder({ clientOrderId: 'e1', instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    const gap = orderGap(await paired);
    // paper filled at the seeded ask (100.00), not left without a price
    expect({ filledOn: gap.filledOn, paper: gap.paper.averagePrice?.toString() }).toEqual({ filledOn: 'BOTH', paper: '100' });
    await broker.disconnect();
  });

  it('mirrors orders sent through the bus and mirrors live cancels', async () => {
    const { broker, next } = shadowed(bus, live, (b) => paperBroker(b, clock));
    await broker.connect();
    market(bus, clock, live, dec('100'), dec('99.90'), dec('100.10'));
    const paired = next();
    const shadowAccepted = new Promise<Order>((resolve) => broker.shadow.orders$.subscribe((o) => o.status === 'ACCEPTED' && resolve(o)));
    bus.publish(createEvent({ type: 'Order', action: 'submit', brokerId: 'live', request: { clientOrderId: 'b1', instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('90') } }, clock.now()));
    expect((await shadowAccepted).clientOrderId).toBe('s-b1');
    await broker.cancelOrder('b1');
    const record = await paired;
    expect(record.live.status).toBe('CANCELED');
    expect(record.paper.status).toBe('CANCELED');
    expect(orderGap(record).filledOn).toBe('NEITHER');
    await broker.disconnect();
  });

  it('pairs a resting LIMIT order that paper fills in parts', async () => {
    const { broker, next } = shadowed(bus, live, (b) => paperBroker(b, clock));
    await broker.connect();
    market(bus, clock, live, dec('100'), dec('99.90'), dec('100.10'));
    const paired = next();
    const accepted = mirrored(broker, 'p1');
    await broker.placeOrder({ clientOrderId: 'p1', instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.4'), limitPrice: dec('99') });
    expect((await accepted).status).toBe('ACCEPTED');
    clock.advance(1000);
    // The reference venue fills all of it at once; paper may take 25 % of each print: two prints of 0.8 → 0.2 + 0.2.
    live.setPrice(BTC.symbol, dec('98.90'));
    for (let print = 0; print < 2; print += 1) {
      // Market data reaches paper on a microtask: wait for its fill before moving the clock.
      const paperFilled = firstValueFrom(broker.shadow.fills$);
      bus.publish(createEvent({ type: 'MarketData', data: { kind: 'trade', symbol: BTC.symbol, price: dec('98.90'), size: dec('0.8'), timestamp: clock.now() } }, clock.now()));
      await paperFilled;
      clock.advance(500);
    }
    const gap = orderGap(await paired);
    expect(gap.filledOn).toBe('BOTH');
    expect([gap.live.fillCount, gap.paper.fillCount, gap.fillCountGap]).toEqual([1, 2, -1]);
    expect(gap.filledQuantityGap.toString()).toBe('0');
    // both legs timed from the live order's creation: live filled when the price moved at +1000 ms, paper at the first print, also +1000 ms
    expect(gap.timeToFillGapMs).toBe(0);
    await broker.disconnect();
  });

  it('a throwing shadow leaves the live result untouched and is reported as a warning', async () => {
    const { broker, next, alerts } = shadowed(bus, live, (b) => {
      const paper = paperBroker(b, clock);
      paper.placeOrder = () => {
        throw new Error('shadow exploded');
      };
      return paper;
    });
    await broker.connect();
    market(bus, clock, live, dec('100'), dec('99.90'), dec('100.10'));
    const paired = next();
    const order = await broker.placeOrder({ clientOrderId: 't1', instrument: BTC, side: 'SELL', type: 'MARKET', quantity: dec('0.2') });
    expect(order.status).toBe('FILLED');
    expect(order.averageFillPrice?.toString()).toBe('100');
    const record = await paired;
    expect(record.shadowFailure).toBe('place: shadow exploded');
    expect(orderGap(record).filledOn).toBe('LIVE_ONLY');
    expect(alerts.map((a) => [a.severity, a.source, a.details?.clientOrderId])).toEqual([['WARNING', 'shadow', 't1']]);
    await broker.disconnect();
  });

  it('a shadow that rejects (no funds on paper) is reported and the live order still fills', async () => {
    const { broker, next, alerts } = shadowed(bus, live, (b) => paperBroker(b, clock, { initialBalances: { USDT: dec(0) } }));
    await broker.connect();
    market(bus, clock, live, dec('100'), dec('99.90'), dec('100.10'));
    const paired = next();
    const warned = new Promise((resolve) => bus.on('Alert', resolve));
    const order = await broker.placeOrder({ clientOrderId: 'r1', instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('1') });
    expect(order.status).toBe('FILLED');
    const record = await paired;
    // The paper broker's REJECTED snapshot closes the pair; its thrown InsufficientFundsError then becomes the warning.
    expect(record.paper.status).toBe('REJECTED');
    expect(orderGap(record).filledOn).toBe('LIVE_ONLY');
    await warned;
    expect(alerts.map((a) => [a.severity, a.source])).toEqual([['WARNING', 'shadow']]);
    expect(broker.recorder.records()[0].shadowFailure).toMatch(/^place: /);
    await broker.disconnect();
  });

  it('live results are identical with and without the shadow', async () => {
    async function session(withShadow: boolean) {
      const b = new EventBus();
      const c = new ManualClock(START);
      const reference = liveBroker(b, c);
      const recorded = tape(reference);
      const broker = withShadow ? shadowed(b, reference, (sb) => paperBroker(sb, c)).broker : reference;
      await broker.connect();
      market(b, c, reference, dec('100'), dec('99.90'), dec('100.10'));
      const results = [
        await broker.placeOrder({ clientOrderId: 'a', instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.5') }),
        await broker.placeOrder({ clientOrderId: 'b', instrument: BTC, side: 'SELL', type: 'LIMIT', quantity: dec('0.3'), limitPrice: dec('101') }),
        await broker.placeOrder({ clientOrderId: 'c', instrument: BTC, side: 'BUY', type: 'LIMIT', quantity: dec('0.2'), limitPrice: dec('95') }),
      ];
      c.advance(1000);
      market(b, c, reference, dec('101.20'), dec('101.10'), dec('101.30'));
      results.push(await broker.cancelOrder('c'));
      const positions = await broker.localPositions();
      await broker.disconnect();
      return JSON.stringify({ results, positions, ...recorded });
    }
    const plain = await session(false);
    const shadowedRun = await session(true);
    expect(shadowedRun).toBe(plain);
    expect(plain).toContain('"status":"FILLED"');
  });

  it('feeds the metrics sink; a throwing sink changes nothing', async () => {
    const compared: string[] = [];
    const failures: string[] = [];
    const metrics: ShadowMetricsSink = {
      orderCompared: (brokerId, gap) => {
        compared.push(`${brokerId} ${gap.liveClientOrderId} ${gap.filledOn}`);
        throw new Error('sink down');
      },
      shadowFailure: (brokerId, stage) => failures.push(`${brokerId} ${stage}`),
    };
    const { broker, next } = shadowed(bus, live, (b) => paperBroker(b, clock, { initialBalances: { USDT: dec(0), BTC: dec(10) } }), { metrics });
    await broker.connect();
    market(bus, clock, live, dec('100'), dec('99.90'), dec('100.10'));
    let paired = next();
    await broker.placeOrder({ clientOrderId: 'k1', instrument: BTC, side: 'SELL', type: 'MARKET', quantity: dec('0.1') });
    await paired;
    const warned = new Promise((resolve) => bus.on('Alert', resolve));
    paired = next();
    const order = await broker.placeOrder({ clientOrderId: 'k2', instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec('0.1') });
    expect(order.status).toBe('FILLED');
    await paired;
    await warned;
    expect(compared).toEqual(['live k1 BOTH', 'live k2 LIVE_ONLY']);
    expect(failures).toEqual(['live place']);
    await broker.disconnect();
  });

  it('connects and disconnects the live broker whatever the shadow does', async () => {
    const { broker, alerts } = shadowed(bus, live, (b) => {
      const paper = paperBroker(b, clock);
      paper.connect = () => Promise.reject(new Error('paper cannot start'));
      paper.disconnect = () => Promise.reject(new Error('paper cannot stop'));
      return paper;
    });
    await broker.connect();
    expect(broker.state).toBe('CONNECTED');
    await broker.disconnect();
    expect(live.state).toBe('DISCONNECTED');
    expect(alerts.map((a) => a.message)).toEqual(['shadow connect failed: paper cannot start', 'shadow disconnect failed: paper cannot stop']);
  });

  it('derives valid shadow ids, hashing live ids too long to prefix', () => {
    expect(shadowClientOrderId('abc')).toBe('s-abc');
    const long = 'x'.repeat(36);
    const derived = shadowClientOrderId(long);
    expect(derived).toMatch(/^s-[0-9a-f]{34}$/);
    expect(shadowClientOrderId(long)).toBe(derived);
    expect(shadowClientOrderId('y'.repeat(36))).not.toBe(derived);
  });
});

describe('ShadowBroker ticker', () => {
  it("answers the live broker's ticker exactly when the live broker offers one", async () => {
    const bus = new EventBus();
    const clock = new ManualClock(START);
    const livePaper = paperBroker(bus, clock);
    const { broker } = shadowed(bus, livePaper, (shadowBus) => paperBroker(shadowBus, clock));
    await broker.connect();
    market(bus, clock, liveBroker(bus, clock), dec(50_000), dec('49999.5'), dec('50000.5'));
    expect(offersTicker(broker)).toBe(true);
    const ticker = await broker.ticker(BTC.symbol);
    expect([ticker.symbol, ticker.bid?.toString(), ticker.ask?.toString()]).toEqual([BTC.symbol, '49999.5', '50000.5']);
    await broker.disconnect();

    const reference = shadowed(bus, liveBroker(bus, clock), (shadowBus) => paperBroker(shadowBus, clock));
    expect(offersTicker(reference.broker)).toBe(false);
    await expect(reference.broker.ticker(BTC.symbol)).rejects.toBeInstanceOf(NotSupportedError);
  });
});
