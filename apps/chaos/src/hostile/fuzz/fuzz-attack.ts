import { isBrokerError } from '@silvertine/core';
import fc from 'fast-check';
import type { Attack, AttackContext } from '../attack.types';
import { describe } from '../attack-context';
import { mutationsOf, type Payload } from './payload-mutations';

/** Runs per pipeline (CHAOS_FUZZ_RUNS overrides). */
export const DEFAULT_FUZZ_RUNS = 2_000;
/** One decode-and-map call slower than this is a hang (they are plain functions over a few fields). */
const SLOW_CALL_MS = 250;

/**
 * One decoder-and-mapper pipeline of an adapter: what turns a venue payload into domain values.
 * `check` names what is wrong with a returned value (undefined when valid); `refusals` are the error
 * classes (by name) the pipeline may throw besides a BrokerError — the adapter's decoder error, which its
 * inbound boundary turns into a VenuePayloadError.
 */
export interface Pipeline {
  readonly id: string;
  /** Recorded payload(s) the mutations grow from (fixture file and field, or how it was derived). */
  readonly seeds: readonly Payload[];
  readonly source: string;
  run(payload: Payload): unknown;
  check?(value: unknown): string | undefined;
  readonly refusals: readonly string[];
}

/**
 * Feeds `runs` seeded mutations of the pipeline's recorded payloads through it. Any other error than a
 * BrokerError or the adapter's decoder error is an untyped error (a crash of the handler that called
 * it); a value failing `check` a wrong state; a call slower than 250 ms a hang (a blocked loop is caught
 * by the parent's kill). The first three of each kind are reported with the payload that caused them.
 */
export function runPipeline(ctx: AttackContext, pipeline: Pipeline): void {
  const runs = Number(process.env.CHAOS_FUZZ_RUNS ?? DEFAULT_FUZZ_RUNS);
  const inputs = fc.sample(fc.oneof(...pipeline.seeds.map(mutationsOf)), { numRuns: runs, seed: ctx.seed });
  const seen = { untyped: 0, wrong: 0, slow: 0, refused: 0, mapped: 0 };
  for (const input of inputs) {
    const started = performance.now();
    try {
      const value = pipeline.run(input);
      const problem = pipeline.check?.(value);
      if (problem && seen.wrong++ < 3) ctx.wrong(`${problem} from ${excerpt(input)}`);
      else seen.mapped++;
    } catch (error) {
      const allowed = isBrokerError(error) || (error instanceof Error && pipeline.refusals.includes(error.name));
      if (allowed) seen.refused++;
      else if (seen.untyped++ < 3) ctx.untyped(`${pipeline.id} on ${excerpt(input)}`, error);
      if (error instanceof Error) ctx.expose('decoder error', error.message);
    }
    const ms = performance.now() - started;
    if (ms > SLOW_CALL_MS && seen.slow++ < 3) ctx.hang(`${pipeline.id} took ${ms.toFixed(0)} ms on ${excerpt(input)}`);
  }
  ctx.note(`${runs} payloads: ${seen.mapped} mapped, ${seen.refused} refused with a typed error, ${seen.untyped} untyped errors, ${seen.wrong} invalid values, ${seen.slow} slow calls`);
}

/** A short rendering of a payload for a report. */
function excerpt(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  } catch {
    return describe(value);
  }
}

/** A pipeline as an attack of the `mapper fuzzing` class. */
export function fuzzAttack(pipeline: Pipeline, fast = false): Attack {
  return {
    id: `fuzz-${pipeline.id}`, class: 'mapper fuzzing', fast,
    input: `${process.env.CHAOS_FUZZ_RUNS ?? DEFAULT_FUZZ_RUNS} fast-check mutations of ${pipeline.source}`,
    oracle: 'every payload maps to a valid value or is refused with a BrokerError / the decoder\'s own error; never a TypeError; no call over 250 ms',
    run: async (ctx) => runPipeline(ctx, pipeline),
  };
}
