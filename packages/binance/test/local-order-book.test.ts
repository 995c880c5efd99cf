import { Decimal, dec, seededRandom, type BookLevel, type OrderBookSnapshot } from '@silvertine/core';
import { SAFETY_NET_MS, eventually, startVenue, type Venue } from './emulator-harness';

type Oracle = { bids: ReadonlyArray<readonly [Decimal, Decimal]>; asks: ReadonlyArray<readonly [Decimal, Decimal]> };

const UPDATES = 10_000;
const BATCH = 100;

/** Exactly the same levels (Decimal equality, price and size), in the same order. */
const same = (levels: readonly BookLevel[], truth: Oracle['bids']) =>
  levels.length === truth.length && levels.every((l, i) => l.price.eq(truth[i]![0]) && l.size.eq(truth[i]![1]));
/** "price×size" per level: how a mismatch is shown. */
const shown = (levels: readonly BookLevel[]) => levels.map((l) => `${l.price.toString()}x${l.size.toString()}`).join(' ');
const shownTruth = (levels: Oracle['bids']) => levels.map(([p, s]) => `${p.toString()}x${s.toString()}`).join(' ');

/**
 * BinanceBroker's local order book (config `localOrderBook`) against the emulator over real sockets: the
 * diff depth stream plus REST snapshots, by Binance's update-id procedure. Every book the broker publishes
 * is compared with the emulator's own book at that update id; gaps are injected by withholding diff events
 * (control `dropDepthUpdates`), and each must be caught and resynchronised from a new snapshot.
 */
describe('BinanceBroker local order book on the emulator', () => {
  let v: Venue;
  let published: OrderBookSnapshot[];
  let waiters: Array<{ id: number; resolve: () => void }>;
  /** The emulator's book after each of its update ids. */
  let oracle: Map<number, Oracle>;

  /** Resolves once the broker has published the book at update id `id` (a barrier: no sleeping). */
  const publishedUpTo = (id: number): Promise<void> => {
    if (published.some((b) => (b.updateId ?? 0) >= id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`local book never reached update ${id} (last ${published.at(-1)?.updateId})`)), SAFETY_NET_MS);
      waiters.push({ id, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  };

  const move = (bid: Decimal, ask: Decimal, bidQty: Decimal, askQty: Decimal): number => {
    v.emulator.control.setQuote('BTCUSDT', { bid, ask, bidQty, askQty });
    const book = v.emulator.control.depth('BTCUSDT');
    oracle.set(book.lastUpdateId, book);
    return book.lastUpdateId;
  };

  beforeEach(async () => {
    published = [];
    waiters = [];
    oracle = new Map();
    v = await startVenue({ symbols: ['BTCUSDT'], localOrderBook: true, localOrderBookLevels: 20, depthSnapshotLimit: 1000 });
    v.bus.marketData$.subscribe((e) => {
      if (e.data.kind !== 'book' || e.data.symbol !== 'BTCUSDT') return;
      published.push(e.data);
      for (const w of waiters.splice(0)) if ((e.data.updateId ?? 0) >= w.id) w.resolve(); else waiters.push(w);
    });
    const start = v.emulator.control.depth('BTCUSDT');
    oracle.set(start.lastUpdateId, start);
    await publishedUpTo(start.lastUpdateId);
  });
  afterEach(() => v.close());

  it(`stays equal to the emulator's book through ${UPDATES} updates with injected gaps, resynchronising after each`, async () => {
    const random = seededRandom(18);
    const tick = dec('0.01');
    let mid = dec('50000');
    let bidQty = dec(1);
    let askQty = dec(1);
    let gaps = 0;
    const depthRequestsBefore = v.emulator.control.restRoutes()['GET /api/v3/depth'] ?? 0;
    for (let n = 0; n < UPDATES; n++) {
      // a random walk of a few ticks, the sizes changing now and then: levels enter, leave and change size
      mid = mid.plus(tick.times(Math.floor(random() * 7) - 3));
      const spread = tick.times(1 + Math.floor(random() * 3));
      if (random() < 0.25) bidQty = dec(1 + Math.floor(random() * 50)).div(10);
      if (random() < 0.25) askQty = dec(1 + Math.floor(random() * 50)).div(10);
      // a gap in the middle of a batch (never at its end, so the batch's next event shows it)
      if (n % BATCH === 37 && n % (BATCH * 5) === 37) {
        v.emulator.control.dropDepthUpdates('BTCUSDT', 1 + Math.floor(random() * 3));
        gaps++;
      }
      const last = move(mid.minus(spread), mid.plus(spread), bidQty, askQty);
      // let the sockets and a snapshot request run between updates now and then, as on a live feed
      if (n % 10 === 9) await new Promise((r) => setImmediate(r));
      if (n % BATCH === BATCH - 1) await publishedUpTo(last);
    }

    // every book the broker published is exactly the emulator's book at that update id
    expect(published.length).toBeGreaterThan(UPDATES / 2);
    const differences: string[] = [];
    for (const book of published) {
      const truth = oracle.get(book.updateId!);
      if (!truth) differences.push(`update ${book.updateId}: the emulator never had it`);
      else if (!same(book.bids, truth.bids) || !same(book.asks, truth.asks)) {
        differences.push(`update ${book.updateId}: bids ${shown(book.bids)} asks ${shown(book.asks)}; emulator bids ${shownTruth(truth.bids)} asks ${shownTruth(truth.asks)}`);
      }
    }
    expect(differences.slice(0, 3)).toEqual([]);
    // update ids only move forward
    for (let i = 1; i < published.length; i++) expect(published[i]!.updateId!).toBeGreaterThan(published[i - 1]!.updateId!);
    // the final book is the emulator's, and each gap cost at least one new snapshot
    const final = v.broker.orderBook('BTCUSDT')!;
    expect(final.updateId).toBe(v.emulator.control.depth('BTCUSDT').lastUpdateId);
    expect(gaps).toBe(UPDATES / (BATCH * 5));
    expect((v.emulator.control.restRoutes()['GET /api/v3/depth'] ?? 0) - depthRequestsBefore).toBeGreaterThanOrEqual(gaps);
    // A safety net sized by the work: about 30 s of one core here (10,000 emulator updates and the broker's
    // decoding of each), three times that beside test:load's two busy loops.
  }, 300_000);

  it('resynchronises after the stream reconnects (events may have been lost while it was down)', async () => {
    const depthRequests = () => v.emulator.control.restRoutes()['GET /api/v3/depth'] ?? 0;
    const before = depthRequests();
    v.emulator.control.dropWebSockets();
    // while the socket is down the book moves; the events of these moves are lost to the client
    let last = move(dec('50020'), dec('50020.03'), dec('4'), dec('5'));
    // back up: a new snapshot, then the next move is applied on top of it
    await eventually(() => depthRequests() > before && v.broker.orderBook('BTCUSDT')?.updateId === last, SAFETY_NET_MS, 'resync after the reconnect');
    last = move(dec('50021'), dec('50021.02'), dec('6'), dec('7'));
    await publishedUpTo(last);
    const book = v.broker.orderBook('BTCUSDT')!;
    const truth = v.emulator.control.depth('BTCUSDT');
    expect(same(book.bids, truth.bids) && same(book.asks, truth.asks)).toBe(true);
  });

  it('publishes only the local book (no partial depth beside it) and answers orderBook() with its best levels', async () => {
    const last = move(dec('50010'), dec('50010.02'), dec('2'), dec('3'));
    await publishedUpTo(last);
    // only local books (they carry the venue's update id and the configured 20 levels), no depth5 partials
    expect(published.every((b) => b.bids.length === 20 && b.asks.length === 20)).toBe(true);
    expect(v.broker.orderBook('BTCUSDT', 1)!.bids.map((l) => l.price.toString())).toEqual(['50010']);
  });
});
