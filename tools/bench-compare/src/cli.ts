/**
 * `npm run bench:compare` (full: the results `npm run bench` wrote) and `nx run bench-compare:test`
 * (fast: runs the short benches itself, what CI runs). See README.md in this folder.
 *
 *   --fast            run apps/e2e's paper, metrics and replay benches in fast mode (BENCH_FAST=1) and
 *                     compare with the baseline's `fast` section
 *   --results <file>  compare this results file (default apps/e2e/bench-results/results.json)
 *   --tolerance <x>   override the baseline's tolerance factor
 *   --write           store this run's ratios as the baseline of its mode (keeps the tolerance);
 *                     with --fast, `--runs <n>` (default 3) runs the fast benches n times and stores
 *                     each row's median ratio
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineOf, compare, medianRun, render, type Baseline, type Finding, type Results } from './compare';

const ROOT = join(__dirname, '..', '..', '..');
const BASELINE = join(__dirname, '..', 'baseline.json');
const FAST_BENCHES = 'paper,metrics,replay';
/** Used for a mode the baseline does not hold yet (`--write`). */
const DEFAULT_TOLERANCE = { full: 2, fast: 1.6 };

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Runs the short benches (all, or `only`) in fast mode; the results, or undefined when run-all failed. */
function runFast(only: string): Results {
  const dir = mkdtempSync(join(tmpdir(), 'silvertine-bench-compare-'));
  const file = join(dir, 'results.json');
  try {
    const run = spawnSync(process.execPath, ['-r', join(ROOT, 'tools', 'scripts', 'register-ts.js'), join(ROOT, 'apps', 'e2e', 'bench', 'run-all.ts')], {
      cwd: join(ROOT, 'apps', 'e2e'),
      stdio: 'inherit',
      env: { ...process.env, BENCH_FAST: '1', BENCH_ONLY: only, BENCH_RESULTS: file },
    });
    const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
    if (run.status !== 0 || results.failures.length > 0) throw new Error(`fast benches failed (exit ${run.status}): ${results.failures.join('; ')}`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per row, the better ratio of two runs (fast mode retries what regressed once: noise rarely strikes twice). */
function better(first: Results, second: Results): Results {
  const rows = new Map(second.reports.flatMap((r) => r.rows.map((row) => [`${row.bench}/${row.name}`, row] as const)));
  return {
    ...first,
    reports: first.reports.map((report) => ({
      ...report,
      rows: report.rows.map((row) => {
        const other = rows.get(`${row.bench}/${row.name}`);
        if (row.ratio === undefined || other?.ratio === undefined) return row;
        const pickOther = row.better === 'higher' ? other.ratio > row.ratio : other.ratio < row.ratio;
        return pickOther ? other : row;
      }),
    })),
  };
}

function main(): void {
  const fast = process.argv.includes('--fast');
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
  const write = process.argv.includes('--write');
  const runs = fast && write ? Math.max(1, Number(arg('--runs') ?? 3)) : 1;
  let results: Results = fast
    ? medianRun(Array.from({ length: runs }, () => runFast(FAST_BENCHES)))
    : (JSON.parse(readFileSync(arg('--results') ?? join(ROOT, 'apps', 'e2e', 'bench-results', 'results.json'), 'utf8')) as Results);
  const mode = results.fast ? 'fast' : 'full';
  const section = baseline[mode];
  const tolerance = Number(arg('--tolerance') ?? section?.tolerance ?? DEFAULT_TOLERANCE[mode]);
  if (write) {
    writeFileSync(BASELINE, JSON.stringify({ ...baseline, [mode]: baselineOf(results, tolerance, section) }, null, 2) + '\n');
    console.log(`baseline.json: ${mode} ratios written from ${runs > 1 ? `the median of ${runs} runs ending` : 'the run of'} ${results.date}`);
    return;
  }
  if (!section) throw new Error(`baseline.json has no "${mode}" section: run with --write first`);
  let findings: Finding[] = compare(results, section, tolerance);
  const regressed = findings.filter((f) => f.verdict === 'regressed');
  if (fast && regressed.length > 0) {
    const benches = [...new Set(regressed.map((f) => f.key.split('/')[0]))].join(',');
    console.log(`\n${regressed.length} ratio(s) beyond ${tolerance}× — running ${benches} once more (a row fails only if both runs regressed)\n`);
    results = better(results, runFast(benches));
    findings = compare(results, section, tolerance);
  }
  console.log(`\nbench:compare (${mode} mode) — this run ${results.date}${results.loadavg ? `, load ${results.loadavg.map((l) => l.toFixed(1)).join(' ')}` : ''}; baseline ${section.measured}\n`);
  console.log(render(findings, tolerance));
  const compared = findings.filter((f) => f.current !== undefined && f.baseline !== undefined).length;
  if (compared === 0) {
    console.log('FAILED: no ratio of the baseline was measured');
    process.exitCode = 1;
  }
  if (findings.some((f) => f.verdict === 'regressed')) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
