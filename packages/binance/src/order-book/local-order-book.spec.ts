import { dec, type BookLevel } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import { decodeDiffDepth } from '../decoding/depth-diff.decoder';
import { decodePartialDepth } from '../decoding/market-frames.decoder';
import { PayloadRejection } from '../decoding/payload-rejection';
import { fromDepthSnapshot, fromDiffDepth, type DepthUpdate } from '../mapping/depth-mapping';
import { LocalOrderBook } from './local-order-book';

const lv = (...pairs: Array<[string, string]>): BookLevel[] => pairs.map(([p, s]) => ({ price: dec(p), size: dec(s) }));
const update = (U: number, u: number, bids: Array<[string, string]> = [], asks: Array<[string, string]> = []): DepthUpdate => ({
  symbol: 'BNBBTC', firstUpdateId: U, lastUpdateId: u, eventTime: 1_000 + u, bids: lv(...bids), asks: lv(...asks),
});
const text = (levels: readonly BookLevel[]) => levels.map((l) => [l.price.toString(), l.size.toString()]);

describe('LocalOrderBook (Binance: how to manage a local order book correctly)', () => {
  it('buffers until the snapshot, drops events it covers, applies the one straddling lastUpdateId + 1 and the rest', () => {
    const book = new LocalOrderBook('BNBBTC');
    expect(book.onUpdate(update(150, 155, [['0.0023', '5']]))).toBe('buffered');
    expect(book.onUpdate(update(156, 160, [['0.0024', '10']], [['0.0026', '100']]))).toBe('buffered');
    expect(book.onUpdate(update(161, 162, [['0.0023', '0']]))).toBe('buffered');
    expect(book.view(5)).toBeUndefined();
    // snapshot at 157: 150..155 dropped (u <= 157), 156..160 straddles 158, 161..162 chains
    expect(book.onSnapshot({ lastUpdateId: 157, bids: lv(['0.0023', '1'], ['0.0022', '2']), asks: lv(['0.0027', '3']) }, 5)).toBe('synced');
    const view = book.view(5)!;
    expect(view).toMatchObject({ kind: 'book', symbol: 'BNBBTC', updateId: 162, timestamp: 1_162 });
    expect(text(view.bids)).toEqual([['0.0024', '10'], ['0.0022', '2']]);
    expect(text(view.asks)).toEqual([['0.0026', '100'], ['0.0027', '3']]);
    expect(book.onUpdate(update(163, 163, [], [['0.0025', '1'], ['0.0030', '0']]))).toBe('applied');
    expect(text(book.view(1)!.asks)).toEqual([['0.0025', '1']]);
    expect(book.onUpdate(update(150, 163))).toBe('ignored');
  });

  it('detects a gap (U is not the previous u + 1), discards the book and buffers from the event that showed it', () => {
    const book = new LocalOrderBook('BNBBTC');
    book.onSnapshot({ lastUpdateId: 10, bids: lv(['1', '1']), asks: lv(['2', '1']) }, 0);
    expect(book.onUpdate(update(11, 12, [['1', '3']]))).toBe('applied');
    expect(book.onUpdate(update(14, 15, [['1', '4']]))).toBe('gap');
    expect(book.synced).toBe(false);
    expect(book.buffered).toBe(1);
    expect(book.onUpdate(update(16, 16))).toBe('buffered');
    // a snapshot taken after 13 resynchronises, replaying the buffered 14..15 and 16
    expect(book.onSnapshot({ lastUpdateId: 14, bids: lv(['1', '9']), asks: lv(['2', '1']) }, 0)).toBe('synced');
    expect(book.lastUpdateId).toBe(16);
    expect(text(book.view(1)!.bids)).toEqual([['1', '4']]);
  });

  it('asks for another snapshot when one predates the buffered events, and reports a gap inside the buffer', () => {
    const book = new LocalOrderBook('BNBBTC');
    book.onUpdate(update(20, 21));
    expect(book.onSnapshot({ lastUpdateId: 18, bids: [], asks: [] }, 0)).toBe('stale');
    expect(book.buffered).toBe(1);
    book.onUpdate(update(23, 24)); // 22 lost
    expect(book.onSnapshot({ lastUpdateId: 19, bids: [], asks: [] }, 0)).toBe('gap');
    expect(book.synced).toBe(false);
    expect(book.buffered).toBe(1);
    // an empty buffer: the first event after the snapshot must straddle lastUpdateId + 1
    expect(book.onSnapshot({ lastUpdateId: 24, bids: lv(['1', '1']), asks: [] }, 0)).toBe('synced');
    expect(book.onUpdate(update(27, 28))).toBe('gap');
  });

  it('keeps at most maxBuffered events while waiting, the newest', () => {
    const book = new LocalOrderBook('BNBBTC', 2);
    for (let u = 1; u <= 5; u++) book.onUpdate(update(u, u));
    expect(book.buffered).toBe(2);
    expect(book.onSnapshot({ lastUpdateId: 2, bids: [], asks: [] }, 0)).toBe('stale'); // 3 was dropped from the buffer
    expect(book.onSnapshot({ lastUpdateId: 3, bids: [], asks: [] }, 0)).toBe('synced');
    expect(book.lastUpdateId).toBe(5);
  });

  it('decodes the documented diff event and REST snapshot into exact decimals; refuses a malformed one, naming the field', () => {
    const raw = fixture<Record<string, unknown>>('depth-diff-stream');
    const u = fromDiffDepth(decodeDiffDepth(raw));
    expect(u).toMatchObject({ symbol: 'BNBBTC', firstUpdateId: 157, lastUpdateId: 160, eventTime: 1672515782136 });
    expect(u.bids[0]!.price.eq('0.0024')).toBe(true);
    const snapshot = fromDepthSnapshot(decodePartialDepth(fixture('depth-partial-stream')));
    expect(snapshot.lastUpdateId).toBe(160);
    expect(() => decodeDiffDepth({ ...raw, U: 161 })).toThrow(new PayloadRejection('U', 'must not be after u', '161 > 160'));
    expect(() => decodeDiffDepth({ ...raw, e: 'trade' })).toThrow(/e must be "depthUpdate"/);
    expect(() => decodeDiffDepth({ ...raw, b: [['0.0024', '1e3']] })).toThrow(/b\[\]\.quantity/);
    expect(() => decodeDiffDepth({ ...raw, u: 1.5 })).toThrow(/u must be an integer/);
  });
});
