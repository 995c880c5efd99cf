/**
 * The regression gate of the benchmarks: this run's ratios against a checked-in baseline.
 *
 * Only ratios are compared — each figure divided by its floor or peer measured in the same run (paper
 * vs a bare RxJS Subject, replay vs a read+parse floor, an adapter vs its raw client…) — never absolute
 * times, which say more about the machine's load than about the code. A row regresses when its ratio is
 * worse than the baseline's by more than the tolerance factor: for a throughput ratio (higher is
 * better) below baseline / tolerance, for a latency or memory ratio (lower is better) above
 * baseline × tolerance. Improvements never fail; they say the baseline could be raised (`--write`).
 */

/** One row of apps/e2e's bench-results JSON (the part of bench-kit's BenchRow this gate reads). */
export interface ResultRow {
  readonly bench: string;
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly vs?: string;
  readonly ratio?: number;
  readonly better: 'higher' | 'lower';
}

/** What apps/e2e/bench/run-all.ts writes. */
export interface Results {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly loadavg?: readonly number[];
  readonly fast?: boolean;
  readonly reports: readonly { readonly bench: string; readonly rows: readonly ResultRow[] }[];
  readonly failures: readonly string[];
}

/** A ratio the baseline holds, with its direction. `gate: false` prints it without failing on it. */
export interface BaselineRow {
  readonly ratio: number;
  readonly better: 'higher' | 'lower';
  readonly vs: string;
  readonly gate?: boolean;
  /** Why a row is not gated (printed beside it). */
  readonly note?: string;
}

/** One mode's baseline: where and when it was measured, its tolerance, its ratios by `bench/name`. */
export interface ModeBaseline {
  readonly tolerance: number;
  readonly measured: string;
  readonly rows: Readonly<Record<string, BaselineRow>>;
}

export interface Baseline {
  readonly full?: ModeBaseline;
  readonly fast?: ModeBaseline;
}

export type Verdict = 'ok' | 'regressed' | 'improved' | 'not gated' | 'not measured' | 'new';

export interface Finding {
  readonly key: string;
  readonly vs: string;
  readonly baseline?: number;
  readonly current?: number;
  /** current / baseline, oriented so that > 1 is better whichever way the ratio points. */
  readonly change?: number;
  readonly verdict: Verdict;
}

/** The key of a row in the baseline. */
export function keyOf(row: Pick<ResultRow, 'bench' | 'name'>): string {
  return `${row.bench}/${row.name}`;
}

/** Every row of a run that has a ratio, by key. */
export function ratiosOf(results: Results): Map<string, ResultRow> {
  const out = new Map<string, ResultRow>();
  for (const report of results.reports) for (const row of report.rows) if (row.ratio !== undefined && Number.isFinite(row.ratio)) out.set(keyOf(row), row);
  return out;
}

/** Compares a run with one mode's baseline. */
export function compare(results: Results, baseline: ModeBaseline, tolerance = baseline.tolerance): Finding[] {
  if (!(tolerance > 1)) throw new RangeError(`tolerance must be a factor above 1, got ${tolerance}`);
  const current = ratiosOf(results);
  const findings: Finding[] = [];
  for (const [key, base] of Object.entries(baseline.rows)) {
    const row = current.get(key);
    if (row === undefined) {
      findings.push({ key, vs: base.vs, baseline: base.ratio, verdict: 'not measured' });
      continue;
    }
    const ratio = row.ratio ?? Number.NaN; // ratiosOf keeps only rows with a ratio
    const change = base.better === 'higher' ? ratio / base.ratio : base.ratio / ratio;
    const verdict: Verdict = base.gate === false ? 'not gated' : change < 1 / tolerance ? 'regressed' : change > tolerance ? 'improved' : 'ok';
    findings.push({ key, vs: base.vs, baseline: base.ratio, current: ratio, change, verdict });
  }
  for (const [key, row] of current) if (!(key in baseline.rows)) findings.push({ key, vs: row.vs ?? '', current: row.ratio, verdict: 'new' });
  return findings;
}

/**
 * A baseline of this run's ratios, keeping `gate`/`note` of rows the old one held, and the old rows this
 * run did not measure (a `BENCH_ONLY` run updates its own rows only; delete a row by hand when a bench
 * renames it).
 */
export function baselineOf(results: Results, tolerance: number, previous?: ModeBaseline): ModeBaseline {
  const rows: Record<string, BaselineRow> = { ...previous?.rows };
  for (const [key, row] of ratiosOf(results)) {
    const old = previous?.rows[key];
    rows[key] = { ratio: Number((row.ratio ?? Number.NaN).toPrecision(4)), better: row.better, vs: row.vs ?? '', ...(old?.gate === false ? { gate: false, note: old.note } : {}) };
  }
  const load = results.loadavg ? `, load ${results.loadavg.map((l) => l.toFixed(1)).join(' ')}` : '';
  const measured = `${results.date}, Node ${results.node}, ${results.cpus} cpus${load}`;
  return { tolerance, measured: previous && Object.keys(rows).length > ratiosOf(results).size ? `${previous.measured}; updated ${measured}` : measured, rows };
}

/** One run whose every ratio is the median of that row's ratio over `runs` (a steadier baseline than one run). */
export function medianRun(runs: readonly Results[]): Results {
  const last = runs[runs.length - 1];
  const ratios = (key: string) => runs.map((r) => ratiosOf(r).get(key)?.ratio).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const mid = (xs: readonly number[]) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
  return {
    ...last,
    reports: last.reports.map((report) => ({
      ...report,
      rows: report.rows.map((row) => {
        const xs = row.ratio === undefined ? [] : ratios(keyOf(row));
        return xs.length ? { ...row, ratio: mid(xs) } : row;
      }),
    })),
  };
}

/** The findings as a table, and the verdict line. */
export function render(findings: readonly Finding[], tolerance: number): string {
  const fmt = (x: number | undefined) => (x === undefined ? '' : x.toFixed(3));
  const lines = findings.map((f) => [f.verdict === 'regressed' ? 'REGRESSED' : f.verdict, f.key, fmt(f.baseline), fmt(f.current), f.change === undefined ? '' : `${f.change.toFixed(2)}×`]);
  const header = ['verdict', 'row (ratio vs its floor/peer in the same run)', 'baseline', 'now', 'change'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const cell = (cells: readonly string[]) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const regressed = findings.filter((f) => f.verdict === 'regressed').length;
  const compared = findings.filter((f) => f.current !== undefined && f.baseline !== undefined).length;
  return [
    cell(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(cell),
    '',
    `change = now / baseline, oriented so that < 1 is worse; a gated row fails below 1/${tolerance} = ${(1 / tolerance).toFixed(2)}×.`,
    regressed ? `FAILED: ${regressed} of ${compared} ratios regressed beyond ${tolerance}×` : `ok: ${compared} ratios within ${tolerance}× of the baseline`,
  ].join('\n');
}
