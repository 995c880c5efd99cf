/**
 * What every e2e bench shares: statistics, and the one-line result the aggregate runner (run-all.ts)
 * collects from each bench process. Benches run in their own processes so that one's heap, JIT state
 * and sockets cannot colour another's figures.
 */

/** One measured figure: the median of its runs, optionally against a baseline row. */
export interface BenchRow {
  readonly bench: string;
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly runs: readonly number[];
  /** Name of the row this one is compared with (same bench). */
  readonly vs?: string;
  /** median / baseline median. */
  readonly ratio?: number;
  /** Whether bigger is better (throughput) or worse (latency, memory). */
  readonly better: 'higher' | 'lower';
}

/** What a bench process reports. `failed` makes the aggregate exit non-zero (e.g. the leak check). */
export interface BenchReport {
  readonly bench: string;
  readonly rows: readonly BenchRow[];
  readonly notes: readonly string[];
  readonly failed?: string;
}

/** The marker run-all.ts looks for on a bench's stdout. */
export const RESULT_MARKER = '@@bench-result ';

/**
 * BENCH_FAST=1: the short run CI's regression gate uses (tools/bench-compare): fewer rounds and smaller
 * sizes, each bench choosing its own (see FAST_SCALE). Its figures are compared only with a baseline of
 * the same mode.
 */
export const FAST = process.env.BENCH_FAST === '1';

/** Rounds per measurement: at least 5 (per the issue), 3 in fast mode; BENCH_ROUNDS to change. */
export const ROUNDS = FAST ? Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3)) : Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));

/** Fraction of a bench's usual size in fast mode (1 otherwise). */
export const FAST_SCALE = FAST ? 0.2 : 1;

/**
 * Starts a stopwatch; the function returned gives the seconds since. Wall time, except in fast mode:
 * there this process's CPU time (user + system), because fast rounds last tens of milliseconds and on a
 * loaded 2-core machine their wall time mostly measures when the scheduler let the process run (a
 * throughput 7× apart from one round to the next); CPU time is what the code itself cost.
 */
export function stopwatch(): () => number {
  if (FAST) {
    const cpu = process.cpuUsage();
    return () => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1e6;
    };
  }
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Builds a row from runs; with `baseline`, the ratio to it. */
export function row(bench: string, name: string, unit: string, runs: readonly number[], better: 'higher' | 'lower', baseline?: BenchRow): BenchRow {
  const m = median(runs);
  return { bench, name, unit, median: m, runs, better, ...(baseline ? { vs: baseline.name, ratio: m / baseline.median } : {}) };
}

/** Prints the report for humans and as one marked JSON line for run-all.ts; sets the exit code on failure. */
export function report(result: BenchReport): void {
  for (const r of result.rows) {
    const ratio = r.ratio === undefined ? '' : `  ${r.ratio.toFixed(2)}× vs ${r.vs}`;
    console.log(`${r.name.padEnd(52)} ${format(r.median).padStart(12)} ${r.unit}${ratio}   runs: ${r.runs.map(format).join(' ')}`);
  }
  for (const n of result.notes) console.log(`note: ${n}`);
  if (result.failed) {
    console.log(`FAILED: ${result.failed}`);
    process.exitCode = 1;
  }
  console.log(RESULT_MARKER + JSON.stringify(result));
}

/** Figures with sensible precision for a table. */
export function format(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** Runs `main`, reporting an exception as a failure (non-zero exit) rather than an unhandled rejection. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
