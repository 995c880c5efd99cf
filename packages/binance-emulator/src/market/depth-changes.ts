import { Decimal } from '@silvertine/core';
import { fmt } from '../rules/symbol-spec';
import type { Level } from './market-state';

/**
 * The content of one diff depth event (`<symbol>@depth`, web-socket-streams.md "Diff. Depth Stream"): the
 * update ids it covers (`U`..`u`) and every level whose quantity changed over them, as Binance sends it:
 * the absolute new quantity, "0.00000000" for a level that left the book.
 */
export interface DepthDiff {
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

interface Pending {
  readonly firstUpdateId: number;
  lastUpdateId: number;
  readonly bids: Map<string, string>;
  readonly asks: Map<string, string>;
}

const REMOVED = fmt(Decimal.ZERO);

type Side = readonly Level[];

/**
 * Book changes per symbol not yet sent as a diff event. Every change of the book is recorded here as it
 * happens (the initial prices too, before any stream exists), and merged until the streams take it: an
 * event then spans every update id since the previous one, so the `U == previous u + 1` chain that a local
 * book checks is unbroken whatever happened in between, and a level changed twice carries its final value.
 * The book as last recorded is kept, and compared level by level, so only what changed is formatted.
 */
export class DepthChanges {
  private readonly pending = new Map<string, Pending>();
  private readonly books = new Map<string, { bids: Side; asks: Side }>();

  /** One book change of `symbol` that made its update id `updateId`: `after` is the whole book now, best first (an empty book before the first). */
  record(symbol: string, updateId: number, after: { bids: Side; asks: Side }): void {
    let p = this.pending.get(symbol);
    if (!p) {
      p = { firstUpdateId: updateId, lastUpdateId: updateId, bids: new Map(), asks: new Map() };
      this.pending.set(symbol, p);
    }
    p.lastUpdateId = updateId;
    const before = this.books.get(symbol) ?? { bids: [], asks: [] };
    changes(before.bids, after.bids, -1, p.bids);
    changes(before.asks, after.asks, 1, p.asks);
    this.books.set(symbol, after);
  }

  /** The changes of `symbol` since the last call, as one diff event, or undefined when nothing changed. */
  take(symbol: string): DepthDiff | undefined {
    const p = this.pending.get(symbol);
    if (!p) return undefined;
    this.pending.delete(symbol);
    return { firstUpdateId: p.firstUpdateId, lastUpdateId: p.lastUpdateId, bids: [...p.bids], asks: [...p.asks] };
  }
}

/**
 * Into `out`: each level of `after` that is new or changed size, and each level of `before` that is gone
 * (at "0"), walking both sides best first at once (`order` -1 for bids, descending; 1 for asks).
 */
function changes(before: Side, after: Side, order: 1 | -1, out: Map<string, string>): void {
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const b = before[i];
    const a = after[j];
    const c = b === undefined ? 1 : a === undefined ? -1 : b[0].compare(a[0]) * order;
    if (c === 0) {
      if (!b![1].eq(a![1])) out.set(fmt(a![0]), fmt(a![1]));
      i++;
      j++;
    } else if (c < 0) {
      out.set(fmt(b![0]), REMOVED); // better than anything left of after: gone
      i++;
    } else {
      out.set(fmt(a![0]), fmt(a![1]));
      j++;
    }
  }
}
