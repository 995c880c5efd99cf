import { dec } from '@silvertine/core';
import type { Attack, AttackContext } from '../attack.types';
import { BinanceProduct } from '../products/binance-product';
import { HostileBinanceVenue } from '../venues/hostile-binance.venue';

type Frame = string | Buffer | Record<string, unknown>;

const QUOTE = { u: 1, s: 'BTCUSDT', b: '49990.00', B: '1.00000', a: '50010.00', A: '1.00000' };
const TRADE = { e: 'trade', E: 1, s: 'BTCUSDT', t: 1, p: '50000.00', q: '0.01000', T: 1, m: false, M: true };

/**
 * A hostile market-stream frame: the product (market data on, depth 5) must publish nothing from it,
 * stay alive and publish the next honest quote, whose bid the attack chooses.
 */
async function marketAttack(ctx: AttackContext, frames: (random: () => number) => readonly Frame[]): Promise<void> {
  const venue = await HostileBinanceVenue.start();
  let product: BinanceProduct | undefined;
  try {
    product = await BinanceProduct.start(ctx, venue, { marketData: true });
    const events = product.events;
    const warmUp = events.nextMarketData((d) => d.kind === 'quote' && d.bid.eq(dec('49000')), 5_000, 'the market stream to deliver a first quote');
    venue.pushMarket(JSON.stringify({ stream: 'btcusdt@bookTicker', data: { ...QUOTE, b: '49000.00' } }));
    await warmUp;
    const published = events.market.length;
    for (const f of frames(ctx.random)) venue.pushMarket(typeof f === 'string' || Buffer.isBuffer(f) ? f : JSON.stringify(f));
    const honest = events.nextMarketData((d) => d.kind === 'quote' && d.bid.eq(dec('49123.45')), 6_000, 'an honest quote after the attack to be published');
    venue.pushMarket(JSON.stringify({ stream: 'btcusdt@bookTicker', data: { ...QUOTE, u: 99, b: '49123.45' } }));
    await honest;
    const leaked = events.market.slice(published, -1);
    if (leaked.length) ctx.wrong(`${leaked.length} market data value(s) published from the hostile frame: ${JSON.stringify(leaked[0]).slice(0, 200)}`);
  } finally {
    await product?.close();
    await venue.close();
  }
}

function market(id: string, input: string, frames: (random: () => number) => readonly Frame[], fast = false): Attack {
  return {
    id, class: 'binance market frames', input, fast,
    oracle: 'process alive; nothing published from the frame; the next honest quote is published',
    run: (ctx) => marketAttack(ctx, frames),
  };
}

const quote = (data: Record<string, unknown>) => ({ stream: 'btcusdt@bookTicker', data: { ...QUOTE, ...data } });
const trade = (data: Record<string, unknown>) => ({ stream: 'btcusdt@trade', data: { ...TRADE, ...data } });
const depth = (data: Record<string, unknown>) => ({ stream: 'btcusdt@depth5@100ms', data: { lastUpdateId: 5, bids: [['49990.00', '1.0']], asks: [['50010.00', '1.0']], ...data } });

/** Market-stream frames that are not market data, or whose numbers are not numbers. */
export const BINANCE_MARKET_ATTACKS: readonly Attack[] = [
  market('bn-md-null-frame', 'a market frame that is `null`', () => ['null']),
  market('bn-md-stream-null', '`{"stream":null,"data":null}`', () => [{ stream: null, data: null }]),
  market('bn-md-data-null', 'a bookTicker frame with `data: null`', () => [{ stream: 'btcusdt@bookTicker', data: null }]),
  market('bn-md-data-array', 'a bookTicker frame whose data is an array', () => [{ stream: 'btcusdt@bookTicker', data: [1, 2, 3] }]),
  market('bn-md-bid-nan', 'a bookTicker with `b: "NaN"`', () => [quote({ b: 'NaN' })], true),
  market('bn-md-ask-null', 'a bookTicker with `a: null`', () => [quote({ a: null })]),
  market('bn-md-bid-1e999999999', 'a bookTicker with `b: "1e999999999"`', () => [quote({ b: '1e999999999' })]),
  market('bn-md-size-negative', 'a bookTicker with a bid size of "-1"', () => [quote({ B: '-1' })]),
  market('bn-md-trade-price-abc', 'a trade with `p: "abc"`', () => [trade({ p: 'abc' })]),
  market('bn-md-trade-qty-infinity', 'a trade whose `q` is the JSON number 1e400', () => [JSON.stringify(trade({ q: 0 })).replace('"q":0', '"q":1e400')]),
  market('bn-md-depth-bids-null', 'a partial depth with `bids: null`', () => [depth({ bids: null })]),
  market('bn-md-depth-level-huge', 'a partial depth level priced "1e999999999"', () => [depth({ bids: [['1e999999999', '1']] })]),
  market('bn-md-depth-level-short', 'a partial depth level with one element', () => [depth({ asks: [['50010.00']] })]),
  market('bn-md-10mb', 'a 10 MB market frame', () => [JSON.stringify(quote({ pad: 'y'.repeat(10 * 1024 * 1024) }))]),
  market('bn-md-random-bytes', '512 seeded random bytes', (random) => [Buffer.from(Array.from({ length: 512 }, () => Math.floor(random() * 256)))]),
  market('bn-md-long-stream-name', 'a frame for a 10,000-character stream name', () => [{ stream: `btcusdt@${'x'.repeat(10_000)}`, data: QUOTE }]),
];
