import { dec } from '../decimal/decimal';
import type { OrderJournal } from '../journal/order-journal';
import { ReferenceBroker, testInstrument } from '../testing/reference-broker';
import { RiskLimitExceededError, createRiskLimitCheck } from './risk-limits';
import { ManualClock } from '../clock/manual-clock';

const btc = testInstrument();
const limit = (price: string, quantity = '0.01') => ({ instrument: btc, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec(quantity), limitPrice: dec(price) });

async function brokerWith(limits: Parameters<typeof createRiskLimitCheck>[0], clock = new ManualClock(0)) {
  const broker = new ReferenceBroker({ id: 'risk', clock, config: { cash: { USDT: dec(1_000_000) } } });
  broker.addPreTradeCheck(createRiskLimitCheck(limits, (s) => (s === 'BTCUSDT' ? dec('0.05') : dec(0))));
  await broker.connect();
  broker.setPrice('BTCUSDT', dec(50_000));
  return broker;
}

describe('risk limits', () => {
  it('refuse an order above the maximum notional, naming the limit', async () => {
    const broker = await brokerWith({ maxOrderNotional: dec(1_000) });
    await expect(broker.placeOrder(limit('40000', '0.03'))).rejects.toMatchObject({ limit: 'maxOrderNotional' });
    await expect(broker.placeOrder(limit('40000', '0.02'))).resolves.toMatchObject({ status: 'ACCEPTED' });
  });

  it('count the existing position toward the maximum position', async () => {
    const broker = await brokerWith({ maxPosition: dec('0.1') });
    await expect(broker.placeOrder(limit('40000', '0.06'))).rejects.toBeInstanceOf(RiskLimitExceededError);
    await expect(broker.placeOrder(limit('40000', '0.05'))).resolves.toBeDefined();
  });

  it('limit open orders and orders per minute, freeing the rate after a minute', async () => {
    const clock = new ManualClock(0);
    const broker = await brokerWith({ maxOpenOrders: 2, maxOrdersPerMinute: 3 }, clock);
    const a = await broker.placeOrder(limit('40000'));
    await broker.placeOrder(limit('40000'));
    await expect(broker.placeOrder(limit('40000'))).rejects.toMatchObject({ limit: 'maxOpenOrders' });
    await broker.cancelOrder(a.clientOrderId);
    await broker.placeOrder(limit('40000'));
    await broker.cancelOrder((await broker.getOpenOrders())[0].clientOrderId);
    await expect(broker.placeOrder(limit('40000'))).rejects.toMatchObject({ limit: 'maxOrdersPerMinute' });
    clock.advance(60_001);
    await expect(broker.placeOrder(limit('40000'))).resolves.toBeDefined();
  });
});

describe('order journal port', () => {
  it('records the intent before the order is sent, then updates and fills; a failing journal stops the order', async () => {
    const log: string[] = [];
    let fail = false;
    const journal: OrderJournal = {
      recordSubmit: async (_b, r) => { if (fail) throw new Error('disk full'); log.push(`submit:${r.clientOrderId}`); },
      recordUpdate: (_b, o) => log.push(`update:${o.status}`),
      recordFill: (_b, f) => log.push(`fill:${f.quantity}`),
    };
    const broker = new ReferenceBroker({ id: 'j', journal, config: { cash: { USDT: dec(100_000) } } });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec(50_000));
    await broker.placeOrder({ clientOrderId: 'j1', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    expect(log).toEqual(['submit:j1', 'update:PENDING_SUBMIT', 'fill:0.01', 'update:FILLED']);
    fail = true;
    await expect(broker.placeOrder({ clientOrderId: 'j2', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).rejects.toThrow();
    expect(await broker.getOrder('j2')).toBeUndefined();
  });
});

describe('risk limits fail closed', () => {
  it('refuse a MARKET order that cannot be valued against maxOrderNotional', async () => {
    const broker = new ReferenceBroker({ id: 'blind', config: { cash: { USDT: dec(1_000_000) } } });
    broker.addPreTradeCheck(createRiskLimitCheck({ maxOrderNotional: dec(1_000) }));
    await broker.connect();
    await expect(broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).rejects.toMatchObject({ limit: 'maxOrderNotional' });
    broker.setPrice('BTCUSDT', dec(50_000));
    await expect(broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).resolves.toMatchObject({ status: 'FILLED' });
  });
});
