import { ATTACK_CLASSES, attackFailed, type AttackOutcome } from './attack.types';

const HEADER = ['class', 'attacks', 'crashes', 'hangs', 'wrong state', 'secret leaks', 'unreported', 'time'];

/**
 * One row per attack class and a total: attacks, crashes, hangs, wrong state changes and secret leaks
 * (the four that must be zero), rejections not reported as typed errors (informational), time; the
 * failures spelled out below.
 */
export function formatHostileTable(outcomes: readonly AttackOutcome[]): string {
  const row = (label: string, list: readonly AttackOutcome[]): string[] => [
    label, String(list.length), String(list.filter((o) => o.crashed).length), String(list.filter((o) => o.hung).length),
    String(list.filter((o) => o.wrong.length > 0).length), String(list.filter((o) => o.leaks.length > 0).length),
    String(list.filter((o) => o.unreported.length > 0).length), `${(list.reduce((n, o) => n + o.ms, 0) / 1000).toFixed(1)}s`,
  ];
  const rows = ATTACK_CLASSES.map((c) => outcomes.filter((o) => o.class === c)).filter((l) => l.length > 0).map((l) => row(l[0].class, l));
  const total = row('TOTAL', outcomes);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(HEADER), rule, ...rows.map(line), rule, line(total)];
  const failed = outcomes.filter(attackFailed);
  if (failed.length) {
    out.push('', 'failures:');
    for (const o of failed) {
      const kinds = [o.crashed && 'crash', o.hung && 'hang', o.wrong.length && 'wrong state', o.leaks.length && 'secret leak'].filter(Boolean).join(', ');
      out.push(`  ${o.id} [${kinds}]`);
      for (const d of [...o.detail, ...o.leaks].slice(0, 6)) out.push(`      ${d}`);
    }
  }
  const unreported = outcomes.filter((o) => o.unreported.length > 0);
  if (unreported.length) {
    out.push('', 'not reported as a typed error or counter (informational):');
    for (const o of unreported) out.push(`  ${o.id}: ${o.unreported.join('; ').slice(0, 240)}`);
  }
  return out.join('\n');
}

/** True when a run must exit non-zero: any crash, hang, wrong state change or leak. */
export function hostileRunFailed(outcomes: readonly AttackOutcome[]): boolean {
  return outcomes.some(attackFailed);
}
