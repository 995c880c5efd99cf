import { dec, EventBus, type Decimal, type Fill } from '@silvertine/core';
import { describeFillChecks } from '@silvertine/core/testing';
import { quoteOf, spotInstrument } from '../testing';
import { PaperTradingBroker } from './paper-trading.broker';
import { paperTradingConfig } from './paper-trading.config';

/** The paper broker with its venue's voice in the test's hands (the engine never contradicts itself). */
class HostileVenuePaperBroker extends PaperTradingBroker {
  venueFill(fill: Fill, venueCumulativeQuantity?: Decimal): boolean {
    return this.applyVenueFill(fill, undefined, venueCumulativeQuantity);
  }
}

describeFillChecks('PaperTradingBroker', async () => {
  const bus = new EventBus();
  const instrument = spotInstrument('BTCUSDT');
  const broker = new HostileVenuePaperBroker({ id: 'paper-1', bus, config: paperTradingConfig({ instruments: [instrument], initialBalances: { USDT: dec(100_000) } }) });
  await broker.connect();
  broker.onMarketData(quoteOf('BTCUSDT', '49999', '50001', 0, 10, 10));
  return { broker, bus, instrument, price: dec(50_000), quantity: dec('0.02'), venueFill: (fill, cumulative) => broker.venueFill(fill, cumulative) };
});
