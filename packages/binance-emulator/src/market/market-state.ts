import { dec, type Decimal, type Quote, type Trade } from '@silvertine/core';
import type { SymbolSpec } from '../rules/symbol-spec';
import { DepthChanges, type DepthDiff } from './depth-changes';

/** One price level: [price, quantity]. */
export type Level = readonly [Decimal, Decimal];

/** A print on the emulator's tape (what @trade streams and 24h tickers report). */
export interface TapeTrade {
  readonly id: number;
  readonly symbol: string;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly time: number;
  readonly buyerIsMaker: boolean;
}

interface SymbolMarket {
  bid?: Decimal;
  bidQty: Decimal;
  ask?: Decimal;
  askQty: Decimal;
  last?: Decimal;
  updateId: number;
  trades: TapeTrade[];
}

/** How many synthetic levels each side of the book has, each as deep as the top of book. */
const BOOK_LEVELS = 20;
/** Tape kept per symbol (for 24h tickers); old prints are dropped. */
const TAPE_LIMIT = 1000;

/**
 * The emulator's market: a top of book per symbol set by the control interface, a synthetic depth
 * below it (levels one tick apart, each with the top's size) and a tape of prints.
 */
export class MarketState {
  private readonly markets = new Map<string, SymbolMarket>();
  private readonly changes = new DepthChanges();
  private nextTradeId = 1;

  constructor(
    private readonly specs: ReadonlyMap<string, SymbolSpec>,
    defaultQty: Decimal = dec('10'),
  ) {
    for (const symbol of specs.keys()) this.markets.set(symbol, { bidQty: defaultQty, askQty: defaultQty, updateId: 1, trades: [] });
  }

  /** True when the emulator trades `symbol` (BTCUSDT). */
  hasSymbol(symbol: string): boolean {
    return this.specs.has(symbol);
  }

  private market(symbol: string): SymbolMarket {
    const m = this.markets.get(symbol);
    if (!m) throw new Error(`unknown symbol ${symbol}`);
    return m;
  }

  /** Sets last price; the book becomes bid = price − 1 tick, ask = price + 1 tick. Returns the quote. */
  setPrice(symbol: string, price: Decimal, time: number): Quote {
    const tick = this.specs.get(symbol)!.tickSize;
    const m = this.market(symbol);
    m.last = price;
    return this.setQuote(symbol, { bid: price.minus(tick), ask: price.plus(tick) }, time);
  }

  /** Sets the top of book (sizes default to the previous ones). */
  setQuote(symbol: string, q: { bid: Decimal; ask: Decimal; bidQty?: Decimal; askQty?: Decimal }, time: number): Quote {
    const m = this.market(symbol);
    m.bid = q.bid;
    m.ask = q.ask;
    if (q.bidQty) m.bidQty = q.bidQty;
    if (q.askQty) m.askQty = q.askQty;
    m.updateId++;
    this.changes.record(symbol, m.updateId, this.depth(symbol));
    return this.quote(symbol, time)!;
  }

  /** The book changes of `symbol` since the last call, as one diff depth event (undefined: none). */
  takeDepthDiff(symbol: string): DepthDiff | undefined {
    return this.changes.take(symbol);
  }

  /** The top of book as a core Quote, or undefined before any price was set. */
  quote(symbol: string, time: number): Quote | undefined {
    const m = this.market(symbol);
    if (!m.bid || !m.ask) return undefined;
    return { kind: 'quote', symbol, bid: m.bid, bidSize: m.bidQty, ask: m.ask, askSize: m.askQty, timestamp: time };
  }

  /** Records a print and moves the last price. */
  recordTrade(symbol: string, price: Decimal, qty: Decimal, time: number, buyerIsMaker: boolean): TapeTrade {
    const m = this.market(symbol);
    const trade: TapeTrade = { id: this.nextTradeId++, symbol, price, qty, time, buyerIsMaker };
    m.last = price;
    m.trades.push(trade);
    if (m.trades.length > TAPE_LIMIT) m.trades.shift();
    return trade;
  }

  /** The core Trade for a tape print (what the matcher consumes). */
  static toCoreTrade(t: TapeTrade): Trade {
    return { kind: 'trade', symbol: t.symbol, price: t.price, size: t.qty, timestamp: t.time, aggressor: t.buyerIsMaker ? 'SELL' : 'BUY' };
  }

  last(symbol: string): Decimal | undefined {
    const m = this.market(symbol);
    return m.last ?? (m.bid && m.ask ? m.bid.plus(m.ask).div(2) : undefined);
  }

  updateId(symbol: string): number {
    return this.market(symbol).updateId;
  }

  /** Up to `limit` synthetic levels per side, best first. */
  depth(symbol: string, limit: number = BOOK_LEVELS): { bids: Level[]; asks: Level[] } {
    const m = this.market(symbol);
    const tick = this.specs.get(symbol)!.tickSize;
    const bids: Level[] = [];
    const asks: Level[] = [];
    const n = Math.min(limit, BOOK_LEVELS);
    for (let i = 0; i < n; i++) {
      const offset = tick.times(i);
      if (m.bid && m.bid.minus(offset).isPositive()) bids.push([m.bid.minus(offset), m.bidQty]);
      if (m.ask) asks.push([m.ask.plus(offset), m.askQty]);
    }
    return { bids, asks };
  }

  /** Prints of the last 24 h, oldest first. */
  trades24h(symbol: string, now: number): readonly TapeTrade[] {
    return this.market(symbol).trades.filter((t) => t.time > now - 86_400_000);
  }

  /** The most recent prints, oldest first. */
  recentTrades(symbol: string, limit: number): readonly TapeTrade[] {
    return this.market(symbol).trades.slice(-limit);
  }
}
