import type { Decimal } from '../decimal/decimal';
import { dec } from '../decimal/decimal';
import type { Fill } from '../domain/order';
import { EventBus } from '../events/event-bus';
import { describeFillChecks } from './fill-check-contract';
import { ReferenceBroker, testInstrument } from './reference-broker';

/** The reference broker with its venue's voice in the test's hands. */
class HostileVenueReferenceBroker extends ReferenceBroker {
  venueFill(fill: Fill, venueCumulativeQuantity?: Decimal): boolean {
    return this.applyVenueFill(fill, undefined, venueCumulativeQuantity);
  }
}

describeFillChecks('ReferenceBroker', async () => {
  const bus = new EventBus();
  const broker = new HostileVenueReferenceBroker({ id: 'reference-1', bus, config: { cash: { USDT: dec(100_000) } } });
  await broker.connect();
  const price = dec(50_000);
  broker.setPrice('BTCUSDT', price);
  return { broker, bus, instrument: testInstrument(), price, quantity: dec('0.02'), venueFill: (fill, cumulative) => broker.venueFill(fill, cumulative) };
});
