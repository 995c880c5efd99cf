import { runScenario, type RunOptions } from './scenario-runner';
import type { Scenario, ScenarioResult } from './scenario.types';

/** How a soak runs. */
export interface SoakOptions extends Omit<RunOptions, 'seeds'> {
  /** Injections each scenario must reach (its seeds run 1, 2, 3… until it has). */
  readonly injectionsPerScenario: number;
  /** Runs in flight at once (each its own emulators, sockets and temp dir). */
  readonly concurrency: number;
  /** A scenario that fails this many runs in a row stops (it would never reach its target). */
  readonly maxConsecutiveErrors?: number;
}

interface Lane {
  readonly scenario: Scenario;
  injections: number;
  nextSeed: number;
  inFlight: number;
  completed: number;
  consecutiveErrors: number;
  stopped: boolean;
}

/**
 * Runs every scenario seed after seed until each has injected `injectionsPerScenario` faults, with
 * `concurrency` runs in flight across all scenarios. The next run goes to the scenario furthest from
 * its target, counting what its runs in flight are expected to inject (its average so far), so the
 * slow scenarios run in parallel lanes and no scenario overshoots by more than its in-flight runs.
 */
export async function soak(scenarios: readonly Scenario[], options: SoakOptions): Promise<ScenarioResult[]> {
  const lanes: Lane[] = scenarios.map((scenario) => ({ scenario, injections: 0, nextSeed: 1, inFlight: 0, completed: 0, consecutiveErrors: 0, stopped: false }));
  const results: ScenarioResult[] = [];
  const expected = (l: Lane) => l.injections + l.inFlight * (l.completed ? l.injections / l.completed : 1);
  const next = (): Lane | undefined =>
    lanes.filter((l) => !l.stopped && expected(l) < options.injectionsPerScenario).sort((a, b) => expected(a) / options.injectionsPerScenario - expected(b) / options.injectionsPerScenario)[0];
  const worker = async (): Promise<void> => {
    for (let lane = next(); lane; lane = next()) {
      const seed = lane.nextSeed++;
      lane.inFlight++;
      const result = await runScenario(lane.scenario, seed, { ...options, seeds: [seed] });
      lane.inFlight--;
      lane.completed++;
      lane.injections += result.tally.injections;
      lane.consecutiveErrors = result.error ? lane.consecutiveErrors + 1 : 0;
      if (lane.consecutiveErrors >= (options.maxConsecutiveErrors ?? 3)) lane.stopped = true;
      results.push(result);
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return results.sort((a, b) => scenarios.findIndex((s) => s.name === a.name) - scenarios.findIndex((s) => s.name === b.name) || a.seed - b.seed);
}
