import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { calibrateShadow, formatShadowSummary, shadowReportCsv, shadowReportJson, type ShadowReport } from '@silvertine/shadow';
import { ArgumentError, flag, parseArgv, stringOption } from '../cli/argv';
import { decodePositiveDecimal, decodeSeconds, decodeSymbol } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import type { CommandIo } from '../cli/command-io';
import { EXIT } from '../cli/exit-codes';
import { decodeFormat, runShadowReport } from './shadow-report.command';
import { runShadowSession } from './shadow-session';

const SESSION_OPTIONS = {
  broker: { type: 'string', short: 'b', value: '<name>' },
  orders: { type: 'string', value: '<n>' },
  symbol: { type: 'string', value: '<symbol>' },
  quantity: { type: 'string', value: '<qty>' },
  duration: { type: 'string', value: '<seconds>' },
  report: { type: 'string', value: '<file>' },
  format: { type: 'string', value: 'json|csv' },
  'no-monitoring': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** At most this many probe orders in one session (a typo of 1e9 should not run for days). */
const MAX_PROBE_ORDERS = 1_000_000;

/**
 * `silvertine shadow`: a session with shadowing on (every live order mirrored into paper, the gap
 * measured), and `silvertine shadow report <file>`: a saved report's summary and recommended models.
 */
export const shadowCommand: CommandSpec = {
  name: 'shadow',
  usage: [
    'silvertine shadow [--config <file>] [--broker <name>] [--orders <n>] [--symbol <s>] [--quantity <q>] [--duration <seconds>] [--report <file>] [--format json|csv] [--no-monitoring] [--json]',
    'silvertine shadow report <file> [--format json|csv] [--sigma <fraction> --adv <qty>]',
  ],
  summary: 'Trades the configured broker with a paper mirror of every order and reports the fill gap (live − paper) and the paper models that close it.',
  details: [
    'The broker: --broker, else the first with a shadow: section (brokers.<name>.shadow: slippage, latency, commission,',
    'initial_balances, seed — see config/exchanges/broker_template.yaml), else the first enabled one with paper defaults.',
    'Orders: --orders <n> places n MARKET orders of --quantity (default 0.01), alternating buy and sell, each after the',
    'previous one finished on both sides; without --orders the demo strategy trades the market_data: feed.',
    '--report <file> writes the report (JSON with every order, readable by `shadow report`; --format csv: the table).',
    'shadow report prints the summary and the recommended paper models; --format prints the report as JSON or CSV;',
    '--sigma and --adv give the daily volatility and average daily volume that a MARKET_IMPACT fit needs for eta.',
    'With monitoring on, /metrics serves silvertine_shadow_* while the session runs.',
  ],
  async run(args, io) {
    if (args[0] === 'report') return runShadowReport(args.slice(1), io);
    return runSession(args, io);
  },
};

async function runSession(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgv(args, SESSION_OPTIONS);
  refuseExtraArguments(shadowCommand, parsed.positionals, 0);
  const ordersText = stringOption(parsed, 'orders');
  const quantityText = stringOption(parsed, 'quantity');
  const durationText = stringOption(parsed, 'duration');
  const symbolText = stringOption(parsed, 'symbol');
  const format = decodeFormat(stringOption(parsed, 'format'));
  const reportFile = stringOption(parsed, 'report');
  if (format !== undefined && reportFile === undefined) throw new ArgumentError('--format', 'needs --report <file> (the format of the file written)');
  const result = await runShadowSession(
    {
      configPath: stringOption(parsed, 'config'),
      environment: stringOption(parsed, 'env'),
      broker: stringOption(parsed, 'broker'),
      orders: ordersText === undefined ? undefined : decodeOrderCount(ordersText),
      symbol: symbolText === undefined ? undefined : decodeSymbol(symbolText, '--symbol'),
      quantity: quantityText === undefined ? undefined : decodePositiveDecimal(quantityText, '--quantity'),
      durationSeconds: durationText === undefined ? undefined : decodeSeconds(durationText, '--duration'),
      monitoring: !flag(parsed, 'no-monitoring'),
    },
    io,
  );
  const { report, models } = result;
  if (reportFile !== undefined) {
    await writeFile(reportFile, format === 'csv' ? shadowReportCsv(report) : shadowReportJson(report), 'utf8');
    io.out(`silvertine shadow: report written to ${path.resolve(reportFile)}`);
  }
  if (flag(parsed, 'json')) {
    io.out(JSON.stringify(summaryJson(report)));
    return EXIT.OK;
  }
  const calibration = models.inUse && report.orders ? calibrateShadow(report.orders, models.inUse, models.liquidity) : undefined;
  io.out('');
  io.out(formatShadowSummary(report, calibration).trimEnd());
  return EXIT.OK;
}

/** The figures of a report without its orders (one line for scripts). */
function summaryJson(report: ShadowReport): object {
  return JSON.parse(shadowReportJson({ ...report, orders: undefined })) as object;
}

/** A whole number of orders, 1 to MAX_PROBE_ORDERS. */
function decodeOrderCount(text: string): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PROBE_ORDERS) {
    throw new ArgumentError('--orders', `must be a whole number from 1 to ${MAX_PROBE_ORDERS}, got ${JSON.stringify(text.slice(0, 40))}`);
  }
  return Number(text);
}
