// Shared by the MatchingEngine specs: an AAPL engine without commission, and readers of its events.
import type { Instrument } from '@silvertine/core';
import type { EngineEvent, FillEngineEvent, MatchingEngineConfig } from '../src';
import { MatchingEngine } from '../src';
import { quoteOf } from '../src/testing';

/** 15:00 UTC on a trading day. */
export const T0 = Date.UTC(2024, 0, 2, 15, 0);

/** An engine trading `instrument` with no commission unless the config says otherwise. */
export function engineFor(instrument: Instrument, config: Partial<MatchingEngineConfig> = {}): MatchingEngine {
  return new MatchingEngine({ instruments: [instrument], commission: { model: 'NONE' }, ...config });
}

export const fillsOf = (events: readonly EngineEvent[]): FillEngineEvent[] => events.filter((e): e is FillEngineEvent => e.kind === 'FILL');
export const kinds = (events: readonly EngineEvent[]) => events.map((e) => e.kind);

/** An AAPL quote; sizes default to 1,000 on each side. */
export const q = (bid: string, ask: string, t: number, bidSize = 1000, askSize = 1000) => quoteOf('AAPL', bid, ask, t, bidSize, askSize);
