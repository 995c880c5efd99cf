import { createEvent, dec, EventBus, InvalidOrderError, ManualClock, offersTicker, TemporaryConnectionError, type MarketData } from '@silvertine/core';
import { barOf, quoteOf, spotInstrument, tradeOf } from '../testing';
import { PaperTradingBroker } from './paper-trading.broker';
import { paperTradingConfig } from './paper-trading.config';
import { PAPER_TICKER_SOURCE } from './paper-ticker';

const BTC = spotInstrument('BTCUSDT');
const ETH = spotInstrument('ETHUSDT');

/** A connected paper broker fed through the bus, as a composition feeds it. */
async function paper() {
  const bus = new EventBus();
  const clock = new ManualClock(5_000);
  const broker = new PaperTradingBroker({ id: 'paper-t', bus, clock, config: paperTradingConfig({ instruments: [BTC, ETH], initialBalances: { USDT: dec(10_000) } }) });
  await broker.connect();
  const feed = (data: MarketData) => bus.publish(createEvent({ type: 'MarketData', data }, clock.now()));
  return { broker, clock, feed };
}

const figures = (t: { bid?: unknown; bidSize?: unknown; ask?: unknown; askSize?: unknown; last?: unknown }) => [t.bid, t.bidSize, t.ask, t.askSize, t.last].map((d) => (d === undefined ? undefined : String(d)));

describe('PaperTradingBroker ticker', () => {
  it('declares TICKER and answers the last quote and trade its market data delivered, at the clock', async () => {
    const { broker, clock, feed } = await paper();
    expect(offersTicker(broker)).toBe(true);
    feed(quoteOf('BTCUSDT', '49999.5', '50000.5', 4_000, '1.25', '2'));
    feed(tradeOf('BTCUSDT', '50000.1', '0.01', 4_500));
    feed(quoteOf('BTCUSDT', '49999.75', '50000.25', 4_900, '0.5', '3'));
    clock.advance(100);
    const t = await broker.ticker('BTCUSDT');
    expect({ symbol: t.symbol, at: t.at, source: t.source, figures: figures(t) }).toEqual({
      symbol: 'BTCUSDT', at: 5_100, source: PAPER_TICKER_SOURCE, figures: ['49999.75', '0.5', '50000.25', '3', '50000.1'],
    });
    await broker.disconnect();
  });

  it('answers a last price without a book when only bars were seen (the replayed klines)', async () => {
    const { broker, feed } = await paper();
    feed(barOf('BTCUSDT', ['50000', '50100', '49900', '50050'], '12', 4_000));
    expect(figures(await broker.ticker('BTCUSDT'))).toEqual([undefined, undefined, undefined, undefined, '50050']);
    await broker.disconnect();
  });

  it('refuses a symbol with no market data yet with a retryable TemporaryConnectionError saying so, and answers once data came', async () => {
    const { broker, feed } = await paper();
    feed(quoteOf('BTCUSDT', '49999', '50001', 4_000));
    const refused = broker.ticker('ETHUSDT');
    await expect(refused).rejects.toBeInstanceOf(TemporaryConnectionError);
    await expect(refused).rejects.toMatchObject({ retryable: true, brokerId: 'paper-t', message: expect.stringMatching(/^paper has seen no market data for ETHUSDT/) });
    feed(tradeOf('ETHUSDT', '3000', '1', 4_100));
    expect((await broker.ticker('ETHUSDT')).last?.toString()).toBe('3000');
    await broker.disconnect();
  });

  it('refuses a symbol it does not trade with InvalidOrderError on symbol', async () => {
    const { broker } = await paper();
    await expect(broker.ticker('DOGEUSDT')).rejects.toMatchObject({ name: InvalidOrderError.name, field: 'symbol', rule: 'unknownInstrument' });
    await broker.disconnect();
  });
});
