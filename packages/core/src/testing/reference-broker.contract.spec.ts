import { dec } from '../decimal/decimal';
import { EventBus } from '../events/event-bus';
import { describeBrokerContract } from './broker-contract';
import { ReferenceBroker, testInstrument } from './reference-broker';

describeBrokerContract('ReferenceBroker', async () => {
  const bus = new EventBus();
  const broker = new ReferenceBroker({ id: 'reference-1', bus, config: { cash: { USDT: dec(100_000) } } });
  await broker.connect();
  return {
    broker,
    bus,
    instrument: testInstrument(),
    quantity: dec('0.01'),
    price: dec('50000'),
    setPrice: async (price) => broker.setPrice('BTCUSDT', price),
  };
});
