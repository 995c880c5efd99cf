/**
 * The chaos target: runs every fault-injection scenario for its seeds, prints a table per scenario and
 * exits non-zero if any figure that must be zero is not (or a scenario failed), or if the captured log
 * output contains a secret or a signature.
 *
 *   node -r ../../tools/scripts/register-ts.js src/run-chaos.ts [--long] [--seeds 1,2,3] [--only <text>] [--except <text>]
 */
import { LogCapture } from './harness/log-capture';
import { formatTable } from './harness/result-table';
import { runAll } from './harness/scenario-runner';
import { failed } from './harness/scenario.types';
import { SCENARIOS } from './scenarios';
import { childLogLines } from './scenarios/crash.scenarios';

interface Args {
  readonly long: boolean;
  readonly seeds?: number[];
  readonly only?: string;
  readonly except?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { long: argv.includes('--long'), seeds: value('--seeds')?.split(',').map(Number), only: value('--only'), except: value('--except') };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const seeds = args.seeds ?? (args.long ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2]);
  const rounds = args.long ? 4 : 2;
  const scenarios = SCENARIOS.filter((s) => (!args.only || s.name.includes(args.only)) && (!args.except || !s.name.includes(args.except)));
  const logs = new LogCapture();
  process.stdout.write(`chaos: ${scenarios.length} scenario(s) × seeds [${seeds.join(', ')}], ${rounds} round(s) each\n`);
  const results = await runAll(scenarios, {
    seeds, rounds, logs, timeoutMs: args.long ? 180_000 : 60_000,
    onResult: (r) => {
      process.stdout.write(`  ${failed(r) ? 'FAIL' : 'ok  '} ${r.name} seed ${r.seed} (${r.ms} ms, ${r.notes.length} notes)${r.error ? ` — ${r.error}` : ''}\n`);
      for (const n of r.notes) process.stdout.write(`         ${n}\n`);
    },
  });
  process.stdout.write(`\n${formatTable(results)}\n`);
  const leaks = logs.scan(childLogLines);
  process.stdout.write(`\nlog scan: ${logs.lineCount + childLogLines.length} line(s), ${leaks.length} secret/signature occurrence(s)\n`);
  for (const leak of leaks.slice(0, 5)) process.stdout.write(`  ${leak.what}: ${leak.line.slice(0, 300)}\n`);
  return results.some(failed) || leaks.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`chaos: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
