import type { Fill } from '@silvertine/core';

/**
 * The latest Binance trade id seen per symbol (trade ids are per symbol and increasing). After a
 * reconnect, `myTrades?fromId=next(symbol)` returns exactly what may have been missed.
 */
export class TradeCursor {
  private readonly last = new Map<string, number>();

  /** Moves the cursor to at least `tradeId`. */
  advance(symbol: string, tradeId: number): void {
    if (tradeId > (this.last.get(symbol) ?? 0)) this.last.set(symbol, tradeId);
  }

  /** Records a fill's trade id (fills with a non-numeric id, e.g. inferred ones, are ignored). */
  observe(fill: Fill): void {
    const id = Number(fill.tradeId);
    if (Number.isInteger(id)) this.advance(fill.symbol, id);
  }

  /** The first trade id not seen yet. */
  next(symbol: string): number {
    return (this.last.get(symbol) ?? 0) + 1;
  }

  /** The latest trade id seen per symbol. */
  snapshot(): ReadonlyMap<string, number> {
    return new Map(this.last);
  }
}
