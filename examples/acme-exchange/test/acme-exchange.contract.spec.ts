import { EventBus, dec } from '@silvertine/core';
import { describeBrokerContract, testInstrument } from '@silvertine/core/testing';
import { AcmeExchangeBroker } from '../src/acme-exchange.broker';
import { InMemoryAcmeExchangeClient } from '../src/connection/acme-exchange.client';

describeBrokerContract('AcmeExchangeBroker', async () => {
  const bus = new EventBus();
  const client = new InMemoryAcmeExchangeClient();
  const broker = new AcmeExchangeBroker({ id: 'acme-exchange-1', bus, config: { balances: { USDT: '100000' }, accountId: 'acc' } }, client);
  await broker.connect();
  return {
    broker, bus, instrument: testInstrument(), quantity: dec('0.01'), price: dec('50000'),
    setPrice: async (price) => client.setPrice('BTCUSDT', price.toString()),
  };
});

describe('AcmeExchangeBroker venue state (what reconciliation reads)', () => {
  it("lists an open order, then its fill and the order as the venue closed it", async () => {
    const client = new InMemoryAcmeExchangeClient();
    const broker = new AcmeExchangeBroker({ id: 'acme-exchange-venue', bus: new EventBus(), config: { balances: { USDT: '100000' }, accountId: 'acc' } }, client);
    await broker.connect();
    client.setPrice('BTCUSDT', '50000');
    const venue = broker.venueState();
    const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('49000') });
    expect((await venue.openOrders()).map((o) => [o.clientOrderId, o.status])).toEqual([[order.clientOrderId, 'ACCEPTED']]);
    client.setPrice('BTCUSDT', '48900');
    expect(await venue.openOrders()).toEqual([]);
    const [fill] = await venue.recentFills(0);
    expect(fill).toMatchObject({ clientOrderId: order.clientOrderId, side: 'BUY', quantity: dec('0.01'), price: dec('49000') });
    expect(await venue.orderByClientId(order.clientOrderId)).toMatchObject({ status: 'FILLED', filledQuantity: dec('0.01'), averageFillPrice: dec('49000') });
    expect(await venue.orderByClientId('never-sent')).toBeUndefined();
    expect((await venue.positions()).map((p) => [p.instrument.symbol, p.quantity.toString()])).toEqual([['BTCUSDT', '0.01']]);
    await broker.disconnect();
  });
});
