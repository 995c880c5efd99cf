import { InvalidOrderError, ManualClock, noopLogger, offersTicker, VenuePayloadError, type Logger } from '@silvertine/core';
import { eventually, SAFETY_NET_MS, startVenue, type Venue } from './emulator-harness';
import { nextPayloadError, startHostileVenue, type HostileVenue } from './hostile-venue';

const figures = (t: { bid?: unknown; bidSize?: unknown; ask?: unknown; askSize?: unknown; last?: unknown }) => [t.bid, t.bidSize, t.ask, t.askSize, t.last].map((d) => (d === undefined ? undefined : String(d)));

/** `ticker(symbol)`: REST ticker/bookTicker and ticker/price on the emulator, decoded into core's Ticker. */
describe('BinanceBroker ticker on the emulator', () => {
  let v: Venue | undefined;
  afterEach(async () => {
    await v?.close();
    v = undefined;
  });

  it("declares TICKER and answers the venue's best bid and ask with sizes and its last price", async () => {
    v = await startVenue();
    expect(offersTicker(v.broker)).toBe(true);
    v.emulator.control.setQuote('BTCUSDT', { bid: '49999.5', ask: '50000.5', bidQty: '1.25', askQty: '2' });
    v.emulator.control.trade('BTCUSDT', '50000.1', '0.01');
    const books = v.emulator.control.requestCount('ticker.book');
    const t = await v.broker.ticker('BTCUSDT');
    expect({ symbol: t.symbol, source: t.source, figures: figures(t) }).toEqual({
      symbol: 'BTCUSDT', source: 'binance REST ticker/bookTicker + ticker/price', figures: ['49999.5', '1.25', '50000.5', '2', '50000.1'],
    });
    expect(v.emulator.control.requestCount('ticker.book')).toBe(books + 1);
  });

  it('refuses a symbol the broker does not trade with InvalidOrderError on symbol, asking the venue nothing', async () => {
    v = await startVenue();
    const books = v.emulator.control.requestCount('ticker.book');
    await expect(v.broker.ticker('DOGEUSDT')).rejects.toMatchObject({ name: InvalidOrderError.name, field: 'symbol', rule: 'unknownInstrument' });
    expect(v.emulator.control.requestCount('ticker.book')).toBe(books);
  });

  it("waits out a 429's Retry-After on the broker's clock, then answers", async () => {
    const clock = new ManualClock(Date.now());
    let retriesScheduled = 0;
    // the REST client logs each retry it schedules: the barrier for "the 429 is in, the wait is on the clock"
    const logger: Logger = { ...noopLogger, child: () => logger, debug: (message) => void (message === 'binance read retry' && retriesScheduled++) };
    v = await startVenue({}, {}, { clock, logger });
    v.emulator.control.injectFault({ kind: 'rateLimit', match: '/api/v3/ticker/bookTicker', transport: 'rest', retryAfterSec: 1 });
    let answered = false;
    const ticker = v.broker.ticker('ETHUSDT').finally(() => (answered = true));
    await eventually(() => retriesScheduled === 1, SAFETY_NET_MS, 'the ticker read waiting to retry');
    clock.advance(999);
    expect(answered).toBe(false);
    clock.advance(1);
    expect(figures(await ticker).slice(0, 4)).toEqual(['2999.99', expect.any(String), '3000.01', expect.any(String)]);
  });
});

/** Forged answers through the hostile proxy: refused with a VenuePayloadError naming the field. */
describe('BinanceBroker ticker against forged REST answers', () => {
  let v: HostileVenue;
  beforeAll(async () => {
    v = await startHostileVenue();
  });
  afterAll(() => v.close());

  it.each([
    ['a negative bid', '/api/v3/ticker/bookTicker', '{"symbol":"BTCUSDT","bidPrice":"-1","bidQty":"1","askPrice":"50000","askQty":"1"}', /bidPrice must be an unsigned decimal string/],
    ['a list for one symbol', '/api/v3/ticker/bookTicker', '[{"symbol":"BTCUSDT","bidPrice":"1","bidQty":"1","askPrice":"2","askQty":"1"}]', /bookTicker must be an object/],
    ['another symbol', '/api/v3/ticker/price', '{"symbol":"ETHUSDT","price":"3000"}', /symbol must be the symbol asked, BTCUSDT/],
    ['a price that is a number', '/api/v3/ticker/price', '{"symbol":"BTCUSDT","price":50000}', /price must be an unsigned decimal string/],
  ] as const)('refuses %s with a VenuePayloadError naming the field, published on the bus', async (_name, path, body, names) => {
    v.proxy.answerNext({ method: 'GET', path, body });
    const published = nextPayloadError(v, `GET ${path}`);
    const attempt = v.broker.ticker('BTCUSDT');
    await expect(attempt).rejects.toBeInstanceOf(VenuePayloadError);
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(names) });
    expect((await published).message).toMatch(names);
    // the next read is the venue's own again
    expect((await v.broker.ticker('BTCUSDT')).bid?.isPositive()).toBe(true);
  });
});
