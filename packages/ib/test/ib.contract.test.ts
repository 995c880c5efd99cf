import { dec } from '@silvertine/core';
import { describeBrokerContract } from '@silvertine/core/testing';
import { AAPL, startRig } from './support/harness';

describeBrokerContract(
  'InteractiveBrokersBroker on the TWS emulator',
  async () => {
    const rig = await startRig({ accounts: ['DU1234567'] });
    return {
      broker: rig.broker,
      bus: rig.bus,
      instrument: AAPL,
      quantity: dec(10),
      price: dec(150),
      setPrice: async (price) => rig.emulator.setPrice('AAPL', price),
      teardown: () => rig.emulator.close(),
    };
  },
);
