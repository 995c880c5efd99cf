import type { RawExecutionReport } from '../mapping/binance-types';
import { decimalText, flag, integer, oneOf, side, text, textOrEmpty, type Json } from './fields';
import { MAX } from './limits';
import { PayloadRejection, shown } from './payload-rejection';

/**
 * Every order status Binance documents for `X`. An unknown one is refused rather than read as UNKNOWN: the
 * report cannot say what happened to the order, and reconciliation asks the venue instead.
 */
export const EXECUTION_REPORT_STATUSES: ReadonlySet<string> = new Set([
  'NEW', 'PENDING_NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'PENDING_CANCEL', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH',
]);

/**
 * The clientOrderId an executionReport is about (for a cancel Binance puts it in `C`, the cancel's own id
 * being `c`), read before anything else so that a report for an order this broker never sent is
 * dropped without its other fields being read.
 */
export function executionReportOrderId(event: Json): string {
  const original = event.C;
  if (typeof original === 'string' && original.length > 0) {
    if (original.length > MAX.id) throw new PayloadRejection('C', `must be a string of at most ${MAX.id} characters`, shown(original));
    return original;
  }
  return text(event, 'c', MAX.id);
}

/**
 * Checks every field of an executionReport the mapper reads (`fromExecutionReport`) and returns the same
 * object, typed. Prices and quantities must be plain decimal strings, ids and times integers.
 */
export function decodeExecutionReport(event: Json): RawExecutionReport {
  text(event, 's', MAX.symbol);
  textOrEmpty(event, 'C', MAX.id);
  text(event, 'c', MAX.id);
  side(event, 'S');
  text(event, 'o', MAX.word);
  decimalText(event, 'q');
  decimalText(event, 'p');
  text(event, 'x', MAX.word);
  oneOf(event, 'X', EXECUTION_REPORT_STATUSES);
  textOrEmpty(event, 'r', MAX.word);
  integer(event, 'i');
  decimalText(event, 'l');
  decimalText(event, 'z');
  decimalText(event, 'L');
  decimalText(event, 'n');
  if (event.N !== null) text(event, 'N', MAX.symbol);
  integer(event, 'T');
  integer(event, 't');
  integer(event, 'E');
  flag(event, 'm');
  return event as unknown as RawExecutionReport;
}
