import { dec } from '@silvertine/core';
import { describeBrokerContract } from '@silvertine/core/testing';
import type { BinanceOrderEntry } from '../src/binance.config';
import { startVenue } from './emulator-harness';

// The same contract every broker passes, here against BinanceBroker on the emulator over real sockets: with
// orders over REST (the default), and over the WebSocket API connection that carries user data.
const ENTRIES: ReadonlyArray<[BinanceOrderEntry, string]> = [['rest', ''], ['websocket', ', order entry over the WebSocket API']];
for (const [orderEntry, label] of ENTRIES) {
  describeBrokerContract(`BinanceBroker on the emulator${label}`, async () => {
    const venue = await startVenue({ orderEntry });
    const { broker, emulator, bus } = venue;
    return {
      broker,
      bus,
      instrument: (await broker.instrument('BTCUSDT'))!,
      quantity: dec('0.01'),
      price: dec('50000'),
      setPrice: async (price) => {
        emulator.control.setPrice('BTCUSDT', price.toString());
        // "once the broker saw it": the broker's reference price comes from the venue's ticker.
        await broker.refreshPrices();
      },
      teardown: () => emulator.close(),
    };
  });
}
