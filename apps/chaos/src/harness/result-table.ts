import { FAILURE_FIGURES, addTallies, failed, type ScenarioResult, type Tally } from './scenario.types';

const COLUMNS: readonly [keyof Tally, string][] = [
  ['injections', 'injections'], ['duplicateOrders', 'dup orders'], ['orphanOrders', 'orphans'], ['lostFills', 'lost fills'],
  ['duplicateFills', 'dup fills'], ['positionMismatches', 'pos mismatch'], ['unresolved', 'unresolved'],
];

/** One row per scenario (seeds summed), a total row, and the failures spelled out below. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const byName = new Map<string, ScenarioResult[]>();
  for (const r of results) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const rows: string[][] = [];
  for (const [name, runs] of byName) {
    const tally = addTallies(...runs.map((r) => r.tally));
    const status = runs.some(failed) ? 'FAIL' : 'ok';
    rows.push([name, String(runs.length), ...COLUMNS.map(([key]) => String(tally[key])), `${(runs.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(1)}s`, status]);
  }
  const total = addTallies(...results.map((r) => r.tally));
  rows.push(['TOTAL', String(results.length), ...COLUMNS.map(([key]) => String(total[key])), `${(results.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(1)}s`, results.some(failed) ? 'FAIL' : 'ok']);
  const header = ['scenario', 'seeds', ...COLUMNS.map(([, label]) => label), 'time', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(0, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(rows[rows.length - 1])];
  const problems = results.filter(failed).map((r) => `  ${r.name} seed ${r.seed}: ${r.error ?? FAILURE_FIGURES.filter((f) => r.tally[f] !== 0).map((f) => `${f}=${r.tally[f]}`).join(', ')}`);
  if (problems.length) out.push('', 'failures:', ...problems);
  return out.join('\n');
}
