import { Decimal, type OrderSide, type OrderType } from '@silvertine/core';
import { orderGap, type OrderGap } from './shadow-gap';
import type { ShadowRecord } from './shadow-record';
import type { PaperModelsInUse } from './shadow-calibration';
import type { MarketLiquidity } from './shadow-impact-fit';

/** Decimal places of the means in a report (sums stay exact). */
export const REPORT_MEAN_PLACES = 6;

/** Gap figures over a set of orders: live minus paper throughout. */
export interface GapTotals {
  readonly orders: number;
  readonly filledBoth: number;
  readonly liveOnly: number;
  readonly paperOnly: number;
  readonly filledNeither: number;
  /** Mean signed price gap (bps, positive = live worse) over the orders filled on both sides. */
  readonly meanPriceGapBps?: Decimal;
  /** Mean time-to-first-fill gap (ms) over the orders filled on both sides. */
  readonly meanTimeToFillGapMs?: number;
  /** Sum of live − paper filled quantity. */
  readonly filledQuantityGap: Decimal;
  /** Mean of live − paper filled fraction, over every order. */
  readonly meanFillRatioGap?: Decimal;
  /** Sum of live − paper fill counts (partial fills). */
  readonly fillCountGap: number;
  /** Sum of live − paper fees in the quote asset, over the orders whose fees are comparable. */
  readonly feeGap: Decimal;
  /** Orders whose fees were charged in an asset other than base or quote (left out of feeGap). */
  readonly feeIncomparable: number;
  readonly shadowFailures: number;
}

/** Gap figures of one symbol, side and order type. */
export interface GapAggregate extends GapTotals {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
}

/** A shadow session's report: per group, overall, and (optionally) per order. */
export interface ShadowReport {
  readonly brokerId: string;
  readonly generatedAt: number;
  readonly overall: GapTotals;
  readonly groups: readonly GapAggregate[];
  readonly orders?: readonly OrderGap[];
  /** The models the paper shadow ran with: calibration needs them to recover each fill's reference price. */
  readonly paperModels?: PaperModelsInUse;
  /** σ and ADV by symbol, when known: what a MARKET_IMPACT fit needs to identify η. */
  readonly liquidity?: Readonly<Record<string, MarketLiquidity>>;
}

/** What shadowReport may include beside the figures. */
export interface ShadowReportOptions {
  /** Also write every order's gap (needed to read the report back and to calibrate from it). */
  readonly includeOrders?: boolean;
  readonly paperModels?: PaperModelsInUse;
  readonly liquidity?: Readonly<Record<string, MarketLiquidity>>;
}

/** Sums gap figures over `gaps` (pure). */
export function totalGaps(gaps: readonly OrderGap[]): GapTotals {
  const both = gaps.filter((g) => g.filledOn === 'BOTH');
  const priceGaps = both.flatMap((g) => (g.priceGapBps === undefined ? [] : [g.priceGapBps]));
  const timeGaps = both.flatMap((g) => (g.timeToFillGapMs === undefined ? [] : [g.timeToFillGapMs]));
  const fees = gaps.flatMap((g) => (g.feeGap === undefined ? [] : [g.feeGap]));
  return {
    orders: gaps.length,
    filledBoth: both.length,
    liveOnly: gaps.filter((g) => g.filledOn === 'LIVE_ONLY').length,
    paperOnly: gaps.filter((g) => g.filledOn === 'PAPER_ONLY').length,
    filledNeither: gaps.filter((g) => g.filledOn === 'NEITHER').length,
    meanPriceGapBps: meanOf(priceGaps),
    meanTimeToFillGapMs: timeGaps.length === 0 ? undefined : Math.round((timeGaps.reduce((a, b) => a + b, 0) / timeGaps.length) * 1000) / 1000,
    filledQuantityGap: Decimal.sum(gaps.map((g) => g.filledQuantityGap)),
    meanFillRatioGap: meanOf(gaps.map((g) => g.fillRatioGap)),
    fillCountGap: gaps.reduce((sum, g) => sum + g.fillCountGap, 0),
    feeGap: Decimal.sum(fees),
    feeIncomparable: gaps.length - fees.length,
    shadowFailures: gaps.filter((g) => g.shadowFailure !== undefined).length,
  };
}

/** Gap figures per symbol, side and order type, sorted by those keys (pure). */
export function aggregateGaps(gaps: readonly OrderGap[]): GapAggregate[] {
  const groups = new Map<string, OrderGap[]>();
  for (const gap of gaps) {
    const key = `${gap.symbol}\u0000${gap.side}\u0000${gap.type}`;
    const group = groups.get(key);
    if (group) group.push(gap);
    else groups.set(key, [gap]);
  }
  return [...groups.keys()].sort().map((key) => {
    const members = groups.get(key) ?? [];
    const { symbol, side, type } = members[0];
    return { symbol, side, type, ...totalGaps(members) };
  });
}

/** Builds a report from recorded pairs (pure: `generatedAt` is given). */
export function shadowReport(brokerId: string, records: readonly ShadowRecord[], generatedAt: number, options: ShadowReportOptions = {}): ShadowReport {
  const gaps = records.map(orderGap);
  return {
    brokerId, generatedAt, overall: totalGaps(gaps), groups: aggregateGaps(gaps), orders: options.includeOrders ? gaps : undefined,
    paperModels: options.paperModels, liquidity: options.liquidity,
  };
}

/** The report as JSON: decimals as exact strings, absent figures left out. */
export function shadowReportJson(report: ShadowReport): string {
  return JSON.stringify(report, null, 2);
}

/** Columns of the CSV report, in order. */
export const SHADOW_CSV_COLUMNS = [
  'symbol',
  'side',
  'type',
  'orders',
  'filled_both',
  'live_only',
  'paper_only',
  'filled_neither',
  'mean_price_gap_bps',
  'mean_time_to_fill_gap_ms',
  'filled_quantity_gap',
  'mean_fill_ratio_gap',
  'fill_count_gap',
  'fee_gap',
  'fee_incomparable',
  'shadow_failures',
] as const;

/** The report as CSV: one row per group, then an `ALL` row; empty cells where a figure is undefined. */
export function shadowReportCsv(report: ShadowReport): string {
  const rows = [SHADOW_CSV_COLUMNS.join(',')];
  for (const group of report.groups) rows.push(csvRow(group.symbol, group.side, group.type, group));
  rows.push(csvRow('ALL', 'ALL', 'ALL', report.overall));
  return rows.join('\n') + '\n';
}

function csvRow(symbol: string, side: string, type: string, t: GapTotals): string {
  const cells = [
    symbol, side, type, t.orders, t.filledBoth, t.liveOnly, t.paperOnly, t.filledNeither, t.meanPriceGapBps, t.meanTimeToFillGapMs,
    t.filledQuantityGap, t.meanFillRatioGap, t.fillCountGap, t.feeGap, t.feeIncomparable, t.shadowFailures,
  ];
  return cells.map((cell) => csvCell(cell === undefined ? '' : String(cell))).join(',');
}

/** Quotes a cell that holds a comma, quote or line break (symbols are user data). */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function meanOf(values: readonly Decimal[]): Decimal | undefined {
  if (values.length === 0) return undefined;
  return Decimal.sum(values).div(values.length).round(REPORT_MEAN_PLACES);
}
