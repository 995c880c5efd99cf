import { dec, type BookLevel } from '@silvertine/core';
import type { RawDiffDepth, RawPartialDepth } from './binance-types';

/** A diff depth event in core terms: the absolute new size of each changed level (zero: the level is gone). */
export interface DepthUpdate {
  readonly symbol: string;
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
  /** The venue's event time (epoch ms). */
  readonly eventTime: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** A REST depth snapshot (GET /api/v3/depth) in core terms. */
export interface DepthSnapshot {
  readonly lastUpdateId: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/** `depthUpdate` → DepthUpdate; prices and sizes parsed once, here, as exact Decimals. */
export function fromDiffDepth(raw: RawDiffDepth): DepthUpdate {
  return { symbol: raw.s, firstUpdateId: raw.U, lastUpdateId: raw.u, eventTime: raw.E, bids: raw.b.map(toLevel), asks: raw.a.map(toLevel) };
}

/** GET /api/v3/depth body → DepthSnapshot. */
export function fromDepthSnapshot(raw: RawPartialDepth): DepthSnapshot {
  return { lastUpdateId: raw.lastUpdateId, bids: raw.bids.map(toLevel), asks: raw.asks.map(toLevel) };
}

function toLevel([price, size]: readonly [string, string]): BookLevel {
  return { price: dec(price), size: dec(size) };
}
