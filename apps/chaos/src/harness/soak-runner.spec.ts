import { parseSeeds } from '../run-chaos';
import { LogCapture } from './log-capture';
import { EMPTY_TALLY, type Scenario } from './scenario.types';
import { soak } from './soak-runner';

/** A scenario injecting `perSeed` faults per run, recording how many of its runs overlapped. */
function fake(name: string, perSeed: number, fails = false): Scenario & { maxParallel: number } {
  let running = 0;
  const scenario = {
    name, description: name, fast: false, maxParallel: 0,
    run: async () => {
      running++;
      scenario.maxParallel = Math.max(scenario.maxParallel, running);
      await Promise.resolve();
      running--;
      if (fails) throw new Error('broken');
      return { ...EMPTY_TALLY, injections: perSeed };
    },
  };
  return scenario;
}

describe('soak', () => {
  it('runs every scenario seed after seed until it reached its injections, no seed twice', async () => {
    const a = fake('a', 3);
    const b = fake('b', 10);
    const results = await soak([a, b], { injectionsPerScenario: 30, concurrency: 4, rounds: 1, logs: new LogCapture() });
    const of = (name: string) => results.filter((r) => r.name === name);
    expect(of('a').reduce((n, r) => n + r.tally.injections, 0)).toBeGreaterThanOrEqual(30);
    expect(of('b').reduce((n, r) => n + r.tally.injections, 0)).toBeGreaterThanOrEqual(30);
    expect(new Set(of('a').map((r) => r.seed)).size).toBe(of('a').length);
    // No overshoot beyond what its runs in flight could add.
    expect(of('b').length).toBeLessThanOrEqual(3 + 4);
  });

  it('stops a scenario that keeps failing instead of running it forever', async () => {
    const results = await soak([fake('broken', 5, true)], { injectionsPerScenario: 100, concurrency: 1, rounds: 1, logs: new LogCapture(), maxConsecutiveErrors: 3 });
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.error === 'broken')).toBe(true);
  });
});

describe('--seeds', () => {
  it('reads a count, a range or a list', () => {
    expect(parseSeeds('3')).toEqual([1, 2, 3]);
    expect(parseSeeds('5..7')).toEqual([5, 6, 7]);
    expect(parseSeeds('4,9')).toEqual([4, 9]);
    expect(parseSeeds('1000')).toHaveLength(1000);
  });
});
