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

/**
 * Book changes per symbol not yet sent as a diff event. Every change of the book is recorded here as it
 * happens (the initial prices too, before any stream exists), and merged until the streams take it: an
 * event then spans every update id since the previous one, so the `U == previous u + 1` chain that a local
 * book checks is unbroken whatever happened in between, and a level changed twice carries its final value.
 */
export class DepthChanges {
  private readonly pending = new Map<string, Pending>();

  /** One book change of `symbol` that made its update id `updateId`: what differs between `before` and `after`. */
  record(symbol: string, updateId: number, before: { bids: readonly Level[]; asks: readonly Level[] }, after: { bids: readonly Level[]; asks: readonly Level[] }): void {
    let p = this.pending.get(symbol);
    if (!p) {
      p = { firstUpdateId: updateId, lastUpdateId: updateId, bids: new Map(), asks: new Map() };
      this.pending.set(symbol, p);
    }
    p.lastUpdateId = updateId;
    changes(before.bids, after.bids, p.bids);
    changes(before.asks, after.asks, p.asks);
  }

  /** The changes of `symbol` since the last call, as one diff event, or undefined when nothing changed. */
  take(symbol: string): DepthDiff | undefined {
    const p = this.pending.get(symbol);
    if (!p) return undefined;
    this.pending.delete(symbol);
    return { firstUpdateId: p.firstUpdateId, lastUpdateId: p.lastUpdateId, bids: [...p.bids], asks: [...p.asks] };
  }
}

/** Into `out`: each level of `after` whose quantity differs from `before` (best first), then each level gone ("0"). */
function changes(before: readonly Level[], after: readonly Level[], out: Map<string, string>): void {
  const old = new Map(before.map(([price, qty]) => [fmt(price), fmt(qty)]));
  const now = new Set<string>();
  for (const [price, qty] of after) {
    const p = fmt(price);
    const q = fmt(qty);
    now.add(p);
    if (old.get(p) !== q) out.set(p, q);
  }
  for (const p of old.keys()) if (!now.has(p)) out.set(p, REMOVED);
}
