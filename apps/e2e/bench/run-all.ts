/**
 * The aggregate benchmark (`nx run e2e:bench`, part of `npm run bench`): runs every e2e bench in its own
 * Node process, one after the other (so they never compete for the two cores), prints ONE table of
 * medians and ratios, and writes bench-results/results.json. Exits non-zero when a bench fails
 * (including the memory leak check). BENCH_ONLY=paper,ib runs a subset; BENCH_RESULTS=<file> writes the
 * results there instead (tools/bench-compare's short run does, so it never overwrites a full run's).
 */
import './support/prefer-sources';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { FAST, format, RESULT_MARKER, type BenchReport } from './support/bench-kit';

interface Bench {
  readonly name: string;
  readonly script: string;
  readonly nodeArgs?: readonly string[];
}

const BENCHES: readonly Bench[] = [
  { name: 'paper', script: 'paper.bench.ts' },
  { name: 'binance', script: 'binance.bench.ts' },
  { name: 'ib', script: 'ib.bench.ts' },
  { name: 'journal', script: 'journal.bench.ts' },
  { name: 'metrics', script: 'metrics.bench.ts' },
  { name: 'replay', script: 'replay.bench.ts' },
  { name: 'memory', script: 'memory.bench.ts', nodeArgs: ['--expose-gc'] },
];
const register = join(__dirname, '..', '..', '..', 'tools', 'scripts', 'register-ts.js');

function run(bench: Bench): Promise<{ report?: BenchReport; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(bench.nodeArgs ?? []), '-r', register, join(__dirname, bench.script)], { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let result: BenchReport | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length)) as BenchReport;
      else console.log(`  [${bench.name}] ${line}`);
    });
    child.on('close', (code) => resolve({ report: result, code }));
  });
}

function table(reports: readonly BenchReport[]): string {
  const header = ['bench', 'measure', 'median', 'unit', 'ratio', 'vs', 'runs'];
  const lines = reports.flatMap((r) => r.rows.map((x) => [
    x.bench, x.name, format(x.median), x.unit, x.ratio === undefined ? '' : `${x.ratio.toFixed(2)}×`, x.vs ?? '', x.runs.length > 1 ? x.runs.map(format).join(' ') : '',
  ]));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const reports: BenchReport[] = [];
  const failures: string[] = [];
  for (const bench of BENCHES.filter((b) => !only || only.includes(b.name))) {
    console.log(`\n▶ ${bench.name} (${bench.script})`);
    const { report, code } = await run(bench);
    if (report) reports.push(report);
    if (code !== 0 || !report) failures.push(`${bench.name}: ${report?.failed ?? `exited with ${code}`}`);
  }
  const notes = reports.flatMap((r) => r.notes.map((n) => `${r.bench}: ${n}`));
  console.log(`\nSilvertine e2e benchmarks${FAST ? ' (fast mode: rates per CPU-second of the bench process)' : ''} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ratio = median / median of "vs", or where a row's note says so the median of paired rounds (throughput: > 1 is faster; µs/MB: < 1 is better)\n`);
  console.log(table(reports));
  for (const n of notes) console.log(`- ${n}`);
  for (const f of failures) console.log(`FAILED ${f}`);
  const file = process.env.BENCH_RESULTS ?? join(__dirname, '..', 'bench-results', 'results.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, loadavg: loadavg(), fast: FAST, reports, failures }, null, 2) + '\n');
  console.log(`\nwritten: ${file}`);
  if (failures.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
