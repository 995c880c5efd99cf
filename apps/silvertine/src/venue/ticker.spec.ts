import { dec, NotSupportedError, type Broker, type BrokerCapabilities, type Ticker } from '@silvertine/core';
import { readTicker } from './ticker';

const capabilities = (features: BrokerCapabilities['features']): BrokerCapabilities => ({ orderTypes: ['LIMIT'], timeInForce: ['GTC'], assetClasses: ['CRYPTO'], features });
const answer: Ticker = { symbol: 'BTCUSDT', bid: dec('49999.5'), bidSize: dec('1.25'), ask: dec('50000.5'), askSize: dec(2), last: dec('50000'), at: 7, source: 'test' };

describe('readTicker', () => {
  it("answers the broker's own ticker when it declares the TICKER capability", async () => {
    const asked: string[] = [];
    const broker = { id: 'venue', capabilities: capabilities(['TICKER']), ticker: (symbol: string) => (asked.push(symbol), Promise.resolve(answer)) } as unknown as Broker;
    await expect(readTicker(broker, 'BTCUSDT')).resolves.toBe(answer);
    expect(asked).toEqual(['BTCUSDT']);
  });

  it('refuses a broker without the capability with NotSupportedError naming the broker, even one with a ticker method', async () => {
    const ticker = jest.fn(() => Promise.resolve(answer));
    const broker = { id: 'venue', capabilities: capabilities(['TRAILING']), ticker, restClient: {} } as unknown as Broker;
    const refused = readTicker(broker, 'BTCUSDT');
    await expect(refused).rejects.toBeInstanceOf(NotSupportedError);
    await expect(refused).rejects.toMatchObject({ feature: 'ticker', brokerId: 'venue', message: expect.stringContaining('broker venue offers no ticker') });
    expect(ticker).not.toHaveBeenCalled();
  });
});
