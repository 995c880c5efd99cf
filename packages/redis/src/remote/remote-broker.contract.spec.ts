import { EventBus, dec } from '@silvertine/core';
import { describeBrokerContract, testInstrument } from '@silvertine/core/testing';
import { GatewayHarness } from '../testing/gateway-harness';
import { RedisTestEnv } from '../testing/redis-test-env';

// A safety net only: the first test of a suite also pays for module loading on a busy machine.
jest.setTimeout(30_000);

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

// The venue is core's ReferenceBroker behind a BrokerGateway (module boundaries keep @silvertine/paper out
// of infra packages; apps/silvertine runs the same suite against a gateway composed with paper).
describeBrokerContract('RemoteBroker through a BrokerGateway on Redis Streams', async () => {
  const harness = new GatewayHarness(env.prefix);
  await harness.startGateway();
  const bus = new EventBus();
  const broker = await harness.remote({ bus });
  return {
    broker,
    bus,
    instrument: testInstrument(),
    quantity: dec('0.01'),
    price: dec('50000'),
    setPrice: async (price) => harness.venue.setPrice('BTCUSDT', price),
    teardown: () => harness.close(),
  };
});
