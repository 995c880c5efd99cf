import { dec, type Instrument } from '@silvertine/core';

export { paperTradingConfig, plugin } from '@silvertine/paper';

/** The one instrument this example trades. */
export const spotInstrumentDefaults: Instrument = {
  symbol: 'ETHUSDT', assetClass: 'CRYPTO', baseAsset: 'ETH', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.0001'), minNotional: dec('5'), multiplier: dec(1),
};
