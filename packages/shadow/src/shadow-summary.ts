import { calibrationYaml, type ShadowCalibration } from './shadow-calibration';
import type { GapTotals, ShadowReport } from './shadow-report';

function line(label: string, t: GapTotals): string {
  const price = t.meanPriceGapBps === undefined ? 'n/a' : `${t.meanPriceGapBps} bps`;
  const time = t.meanTimeToFillGapMs === undefined ? 'n/a' : `${t.meanTimeToFillGapMs} ms`;
  const ratio = t.meanFillRatioGap === undefined ? 'n/a' : t.meanFillRatioGap.toString();
  return (
    `${label}: ${t.orders} orders (both ${t.filledBoth}, live only ${t.liveOnly}, paper only ${t.paperOnly}, neither ${t.filledNeither}); ` +
    `price gap ${price}, time-to-fill gap ${time}, fill-ratio gap ${ratio}, fill-count gap ${t.fillCountGap}, fee gap ${t.feeGap}` +
    (t.feeIncomparable > 0 ? ` (${t.feeIncomparable} incomparable)` : '') +
    (t.shadowFailures > 0 ? `, ${t.shadowFailures} shadow failures` : '')
  );
}

/**
 * The text `silvertine shadow report <file>` prints (pure): the overall gap, one line per symbol, side and
 * type, and, with a calibration, the recommended paper models as YAML. Gaps are live minus paper; a
 * positive price gap means live filled worse.
 */
export function formatShadowSummary(report: ShadowReport, calibration?: ShadowCalibration): string {
  const lines = [`Shadow report for ${report.brokerId} (gaps are live − paper; positive price gap = live worse)`, line('ALL', report.overall)];
  for (const g of report.groups) lines.push(line(`${g.symbol} ${g.side} ${g.type}`, g));
  if (calibration) lines.push('', 'Recommended paper models:', calibrationYaml(calibration).trimEnd());
  return lines.join('\n') + '\n';
}
