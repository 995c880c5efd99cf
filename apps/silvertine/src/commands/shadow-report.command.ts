import { readFile, stat } from 'node:fs/promises';
import { Decimal } from '@silvertine/core';
import { calibrateShadow, decodeShadowReport, formatShadowSummary, shadowReportCsv, shadowReportJson, type MarketLiquidity } from '@silvertine/shadow';
import { ArgumentError, parseArgv, stringOption } from '../cli/argv';
import { decodePositiveDecimal } from '../cli/argument-decoders';
import type { CommandIo } from '../cli/command-io';
import { EXIT, UserError } from '../cli/exit-codes';

const OPTIONS = {
  format: { type: 'string', value: 'json|csv' },
  sigma: { type: 'string', value: '<fraction>' },
  adv: { type: 'string', value: '<qty>' },
} as const;

/** Largest report file read (a million orders take about 600 MB; V8 strings stop near 512 MB). */
export const MAX_REPORT_FILE_BYTES = 256 * 1024 * 1024;

/** The output formats of a report. */
export type ReportFormat = 'json' | 'csv';

/** `--format json|csv`, or undefined when not given. */
export function decodeFormat(text: string | undefined): ReportFormat | undefined {
  if (text === undefined) return undefined;
  if (text !== 'json' && text !== 'csv') throw new ArgumentError('--format', `must be json or csv, got ${JSON.stringify(text.slice(0, 40))}`);
  return text;
}

/** A daily volatility as a fraction: a decimal in (0, 10] (1000 % a day is a typo). */
function decodeSigma(text: string): number {
  const value = decodePositiveDecimal(text, '--sigma');
  if (value.gt(Decimal.from(10))) throw new ArgumentError('--sigma', `is a fraction (0.02 = 2 % a day), got ${JSON.stringify(text)}`);
  return value.toNumber();
}

/**
 * `silvertine shadow report <file> [--format json|csv] [--sigma s --adv q]`: reads a JSON report written
 * by `silvertine shadow --report` (every figure recomputed from its orders), then prints the summary
 * and the recommended paper models, or the report itself as JSON or CSV.
 */
export async function runShadowReport(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgv(args, OPTIONS);
  const [file, extra] = parsed.positionals;
  if (file === undefined) throw new ArgumentError('file', 'is required (usage: silvertine shadow report <file> [--format json|csv])');
  if (extra !== undefined) throw new ArgumentError(JSON.stringify(extra), 'is not an argument of shadow report (usage: silvertine shadow report <file> [--format json|csv])');
  const format = decodeFormat(stringOption(parsed, 'format'));
  const sigmaText = stringOption(parsed, 'sigma');
  const advText = stringOption(parsed, 'adv');
  if ((sigmaText === undefined) !== (advText === undefined)) throw new ArgumentError(sigmaText === undefined ? '--sigma' : '--adv', 'is needed too: a MARKET_IMPACT fit takes both --sigma and --adv');
  const given: MarketLiquidity | undefined = sigmaText !== undefined && advText !== undefined ? { sigma: decodeSigma(sigmaText), adv: decodePositiveDecimal(advText, '--adv') } : undefined;
  const report = decodeShadowReport(await readReport(file));
  if (format === 'json') io.out(shadowReportJson(report));
  else if (format === 'csv') io.out(shadowReportCsv(report).trimEnd());
  else {
    const symbols = [...new Set((report.orders ?? []).map((o) => o.symbol))];
    const liquidity = given ? Object.fromEntries(symbols.map((s) => [s, given])) : report.liquidity;
    io.out(formatShadowSummary(report, calibrateShadow(report.orders ?? [], report.paperModels, liquidity)).trimEnd());
  }
  return EXIT.OK;
}

async function readReport(file: string): Promise<string> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, EXIT.USAGE);
  });
  if (!info.isFile()) throw new UserError(`${file} is not a file`, EXIT.USAGE);
  if (info.size > MAX_REPORT_FILE_BYTES) throw new UserError(`${file} is ${info.size} bytes; a report may be at most ${MAX_REPORT_FILE_BYTES}`, EXIT.USAGE);
  return readFile(file, 'utf8');
}
