import type { Logger } from '@silvertine/core';

/** The figures a scenario reports. Everything but `injections` must be zero. */
export interface Tally {
  /** Faults injected (each emulator fault, proxy mode change, kill, malformed frame...). */
  readonly injections: number;
  /** The same clientOrderId received twice by the venue, or an order the venue got that no intent asked for. */
  readonly duplicateOrders: number;
  /** Orders live or filled at the venue that we do not know, or believe closed, after reconciliation. */
  readonly orphanOrders: number;
  /** Venue executions missing from our view of the order. */
  readonly lostFills: number;
  /** A tradeId applied twice, or more quantity filled locally than at the venue. */
  readonly duplicateFills: number;
  /** Symbols whose net position (from fills) differs between us and the venue. */
  readonly positionMismatches: number;
  /** Orders still UNKNOWN, or open here while closed there, after reconciliation. */
  readonly unresolved: number;
}

/** The figures that must be zero, in table order. */
export const FAILURE_FIGURES = ['duplicateOrders', 'orphanOrders', 'lostFills', 'duplicateFills', 'positionMismatches', 'unresolved'] as const;

/** What a scenario gets from the runner. */
export interface ScenarioContext {
  readonly seed: number;
  /** Seeded: the same seed replays the same intents, sizes and injection points. */
  readonly random: () => number;
  /** Captured in memory and scanned for secrets after the run. */
  readonly logger: Logger;
  /** `--long`: more rounds per scenario. */
  readonly rounds: number;
  /** A fresh temporary directory, removed after the scenario. */
  readonly tmpDir: string;
  /** Free-form observations printed under the table (e.g. what reconciliation did). */
  note(text: string): void;
}

/** One fault-injection scenario. */
export interface Scenario {
  readonly name: string;
  /** What it injects and what must hold. */
  readonly description: string;
  /** Part of the fast subset Jest runs in CI. */
  readonly fast: boolean;
  run(ctx: ScenarioContext): Promise<Tally>;
}

/** A finished scenario run. */
export interface ScenarioResult {
  readonly name: string;
  readonly seed: number;
  readonly tally: Tally;
  readonly ms: number;
  readonly notes: readonly string[];
  /** Set when the scenario threw instead of reaching its oracle. */
  readonly error?: string;
}

/** Zero figures, to add to. */
export const EMPTY_TALLY: Tally = { injections: 0, duplicateOrders: 0, orphanOrders: 0, lostFills: 0, duplicateFills: 0, positionMismatches: 0, unresolved: 0 };

/** Field-wise sum of tallies. */
export function addTallies(...tallies: readonly Tally[]): Tally {
  const out: Record<keyof Tally, number> = { ...EMPTY_TALLY };
  for (const t of tallies) for (const key of Object.keys(out) as (keyof Tally)[]) out[key] += t[key];
  return out;
}

/** True when a result has an error or any non-zero failure figure. */
export function failed(result: ScenarioResult): boolean {
  return result.error !== undefined || FAILURE_FIGURES.some((f) => result.tally[f] !== 0);
}
