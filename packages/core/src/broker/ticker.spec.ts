import type { BrokerCapabilities } from './capabilities';
import { offersTicker } from './ticker';

const caps = (features: BrokerCapabilities['features']): BrokerCapabilities => ({ orderTypes: ['LIMIT'], timeInForce: ['GTC'], assetClasses: ['CRYPTO'], features });

describe('offersTicker', () => {
  it('needs both the TICKER feature and a ticker method', () => {
    const ticker = () => Promise.reject(new Error('not called'));
    expect(offersTicker({ capabilities: caps(['TICKER']), ticker })).toBe(true);
    expect(offersTicker({ capabilities: caps(['ORDER_PREVIEW']), ticker })).toBe(false);
    expect(offersTicker({ capabilities: caps(['TICKER']) })).toBe(false);
    expect(offersTicker({ capabilities: caps(['TICKER']), ticker: 'BTCUSDT' })).toBe(false);
  });
});
