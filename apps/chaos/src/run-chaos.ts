/**
 * The chaos target: runs the fault-injection scenarios for their seeds, prints a table per scenario and
 * exits non-zero if any figure that must be zero is not (or a scenario failed), or if the captured log
 * output contains a secret or a signature.
 *
 *   node -r ../../tools/scripts/register-ts.js src/run-chaos.ts [--seeds N | a..b | a,b,c] [--seed N] [--rounds R]
 *        [--injections N] [--concurrency C] [--long] [--only <text>] [--except <text>]
 *
 * `--seeds 1000` runs seeds 1 to 1000 (a count; `3..7` a range, `3,7` a list; CHAOS_SEEDS the same);
 * `--injections 1000` is the soak: every scenario runs seed after seed until it has injected at least that
 * many faults (CHAOS_INJECTIONS the same), `--concurrency` runs in flight at once.
 */
import { LogCapture } from './harness/log-capture';
import { formatTable } from './harness/result-table';
import { runAll } from './harness/scenario-runner';
import { failed, type ScenarioResult } from './harness/scenario.types';
import { soak } from './harness/soak-runner';
import { SCENARIOS } from './scenarios';
import { childLogLines } from './scenarios/crash.scenarios';

interface Args {
  readonly long: boolean;
  readonly seeds?: number[];
  readonly rounds?: number;
  readonly injections?: number;
  readonly concurrency?: number;
  readonly only?: string;
  readonly except?: string;
}

/** `1000` → 1..1000, `3..7` → 3..7, `3,7` → [3, 7]. */
export function parseSeeds(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text);
  const span = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  if (range) return span(Number(range[1]), Number(range[2]));
  if (text.includes(',')) return text.split(',').map(Number);
  return span(1, Number(text));
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (flag: string, env?: string) => {
    const text = value(flag) ?? (env ? process.env[env] : undefined);
    return text === undefined ? undefined : Number(text);
  };
  const seedsText = value('--seeds') ?? process.env.CHAOS_SEEDS;
  const seed = value('--seed');
  return {
    long: argv.includes('--long'),
    seeds: seed !== undefined ? [Number(seed)] : seedsText !== undefined ? parseSeeds(seedsText) : undefined,
    rounds: number('--rounds'), injections: number('--injections', 'CHAOS_INJECTIONS'), concurrency: number('--concurrency'),
    only: value('--only'), except: value('--except'),
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // --only / --except: a part of a scenario's name, or several separated by commas.
  const matches = (name: string, text: string) => text.split(',').some((part) => name.includes(part));
  const scenarios = SCENARIOS.filter((s) => (!args.only || matches(s.name, args.only)) && (!args.except || !matches(s.name, args.except)));
  // A soak logs millions of lines: each is scanned as it comes instead of kept.
  const logs = new LogCapture('debug', { retain: !args.injections });
  const started = Date.now();
  let results: ScenarioResult[];
  if (args.injections) {
    const rounds = args.rounds ?? 8;
    const concurrency = args.concurrency ?? 6;
    process.stdout.write(`chaos soak: ${scenarios.length} scenario(s) until ${args.injections} injections each, ${rounds} round(s) per seed, ${concurrency} run(s) at once\n`);
    let done = 0;
    const progress = setInterval(() => process.stdout.write(`  … ${done} run(s) in ${((Date.now() - started) / 1000).toFixed(0)} s\n`), 30_000);
    try {
      results = await soak(scenarios, {
        injectionsPerScenario: args.injections, concurrency, rounds, logs, timeoutMs: 180_000,
        onResult: (r) => {
          done++;
          if (failed(r)) process.stdout.write(`  FAIL ${r.name} seed ${r.seed}${r.error ? ` — ${r.error}` : ''}\n`);
        },
      });
    } finally {
      clearInterval(progress);
    }
  } else {
    const seeds = args.seeds ?? (args.long ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2]);
    const rounds = args.rounds ?? (args.long ? 4 : 2);
    process.stdout.write(`chaos: ${scenarios.length} scenario(s) × ${seeds.length} seed(s) [${seeds.length > 10 ? `${seeds[0]}…${seeds[seeds.length - 1]}` : seeds.join(', ')}], ${rounds} round(s) each\n`);
    results = await runAll(scenarios, {
      // A safety net, never the verdict: a SIGKILL scenario starts four child processes, each compiling
      // and composing the product, on a machine that may be loaded far beyond its cores.
      seeds, rounds, logs, timeoutMs: 180_000,
      onResult: (r) => {
        process.stdout.write(`  ${failed(r) ? 'FAIL' : 'ok  '} ${r.name} seed ${r.seed} (${r.ms} ms, ${r.notes.length} notes)${r.error ? ` — ${r.error}` : ''}\n`);
        for (const n of r.notes) process.stdout.write(`         ${n}\n`);
      },
    });
  }
  process.stdout.write(`\n${formatTable(results)}\n`);
  const leaks = logs.scan(childLogLines);
  process.stdout.write(`\nlog scan: ${logs.lineCount + childLogLines.length} line(s), ${leaks.length} secret/signature occurrence(s)\n`);
  for (const leak of leaks.slice(0, 5)) process.stdout.write(`  ${leak.what}: ${leak.line.slice(0, 300)}\n`);
  process.stdout.write(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return results.some(failed) || leaks.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`chaos: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(2);
    },
  );
}
