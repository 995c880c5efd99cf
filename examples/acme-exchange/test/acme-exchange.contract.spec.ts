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
