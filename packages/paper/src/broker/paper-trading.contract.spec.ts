import { dec, Decimal, EventBus, createEvent } from '@silvertine/core';
import { describeBrokerContract, testInstrument } from '@silvertine/core/testing';
import { PaperTradingBroker } from './paper-trading.broker';
import { paperTradingConfig } from './paper-trading.config';

describeBrokerContract('PaperTradingBroker', async () => {
  const bus = new EventBus();
  const instrument = testInstrument();
  const broker = new PaperTradingBroker({
    id: 'paper-1',
    bus,
    config: paperTradingConfig({ instruments: [instrument], initialBalances: { USDT: dec(100_000), BTC: dec(1) } }),
  });
  await broker.connect();
  const tick = instrument.tickSize;
  return {
    broker,
    bus,
    instrument,
    quantity: dec('0.01'),
    price: dec(50_000),
    setPrice: async (price: Decimal) => {
      const data = { kind: 'quote' as const, symbol: instrument.symbol, bid: price.minus(tick), ask: price.plus(tick), bidSize: dec(10), askSize: dec(10), timestamp: Date.now() };
      bus.publish(createEvent({ type: 'MarketData', data }));
    },
  };
});
