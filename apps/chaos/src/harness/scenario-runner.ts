import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@silvertine/core';
import type { LogCapture } from './log-capture';
import { EMPTY_TALLY, type Scenario, type ScenarioResult } from './scenario.types';

/** How to run scenarios. */
export interface RunOptions {
  readonly seeds: readonly number[];
  readonly rounds: number;
  readonly logs: LogCapture;
  /** Longest a single scenario run may take (default 60 s). */
  readonly timeoutMs?: number;
  /** Called after each run (progress output). */
  readonly onResult?: (result: ScenarioResult) => void;
}

/** Runs one scenario with one seed in a fresh temp dir; failures become results, never throws. */
export async function runScenario(scenario: Scenario, seed: number, options: RunOptions): Promise<ScenarioResult> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'silvertine-chaos-'));
  const notes: string[] = [];
  const started = Date.now();
  const logger = options.logs.logger.child({ scenario: scenario.name, seed });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`scenario timed out after ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    });
    const tally = await Promise.race([
      scenario.run({ seed, random: seededRandom(seed), logger, rounds: options.rounds, tmpDir, note: (t) => notes.push(t) }),
      timeout,
    ]);
    return { name: scenario.name, seed, tally, ms: Date.now() - started, notes };
  } catch (error) {
    return { name: scenario.name, seed, tally: EMPTY_TALLY, ms: Date.now() - started, notes, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** Runs every scenario for every seed, in sequence (scenarios share ports and the Redis server). */
export async function runAll(scenarios: readonly Scenario[], options: RunOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    for (const seed of options.seeds) {
      const result = await runScenario(scenario, seed, options);
      options.onResult?.(result);
      results.push(result);
    }
  }
  return results;
}
