import type { Quote } from '@silvertine/core';
import { startVenue, type Venue } from './emulator-harness';

/**
 * A book that does not move streams no bookTicker: the adapter publishes each symbol's current best bid
 * and ask (REST ticker/bookTicker) when its market stream is up, so that a consumer (a shadow session's
 * paper mirror, a strategy) has a price at connect instead of at the first change.
 */
describe('starting quotes at connect (emulator)', () => {
  let v: Venue | undefined;
  afterEach(() => v?.close());

  it('publishes every symbol\'s quote before connect resolves, the book untouched', async () => {
    v = await startVenue();
    // Connect again with a subscriber in place (the harness connects before handing out the bus).
    await v.broker.disconnect();
    const quotes: Quote[] = [];
    v.bus.marketData$.subscribe((e) => {
      if (e.data.kind === 'quote') quotes.push(e.data);
    });
    const requests = v.emulator.control.requestCount('ticker.book');
    await v.broker.connect();
    expect(quotes.map((q) => [q.symbol, q.bid.toString(), q.ask.toString(), q.bidSize.isPositive() && q.askSize.isPositive()]).sort()).toEqual([
      ['BTCUSDT', '49999.99', '50000.01', true],
      ['ETHUSDT', '2999.99', '3000.01', true],
    ]);
    expect(v.emulator.control.requestCount('ticker.book')).toBe(requests + 1);
  });
});
