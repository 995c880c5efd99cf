import { dec, EventBus, InsufficientFundsError, ManualClock, type AlertEvent, type Order } from '@silvertine/core';
import { orderOf, quoteOf, spotInstrument, stockInstrument } from '../testing';
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
    // 1 BTC × 50,001 × 1.002 > 10,000 USDT
    await expect(b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec(1) })).rejects.toThrow(InsufficientFundsError);
    await expect(b.placeOrder({ instrument: BTC, side: 'BUY', type: 'MARKET', quantity: dec(1) })).rejects.toThrow(/needs 50101.002 USDT, 10000 available/);
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

  it('refuses an invalid configuration', () => {
    expect(() => new PaperTradingBroker({ id: 'x', config: paperTradingConfig({ instruments: [], initialBalances: {} }) })).toThrow(/invalid config/);
  });
});
