import { BinanceApiError } from '../errors/binance-error';

/**
 * The unit of the timestamps in an answer. Binance documents (rest-api.md "General API Information",
 * web-socket-api.md and web-socket-streams.md "timeUnit") that every time field of a JSON answer is in
 * milliseconds by default and in microseconds with `X-MBX-TIME-UNIT: MICROSECOND` (REST) or
 * `timeUnit=MICROSECOND` on the connection URL (WebSocket API, market streams); the value is
 * case-insensitive, and anything else is refused with -1194 INVALID_TIME_UNIT.
 */
export type TimeUnit = 'MILLISECOND' | 'MICROSECOND';

/** The documented -1194 answer (errors.md), HTTP 400. */
export const invalidTimeUnit = (): BinanceApiError =>
  new BinanceApiError(400, -1194, 'Invalid value for time unit; expected either MICROSECOND or MILLISECOND.');

/** The unit a header or URL parameter asks for: milliseconds when absent; -1194 for any other value. */
export function parseTimeUnit(value: string | undefined): TimeUnit {
  if (value === undefined) return 'MILLISECOND';
  const upper = value.toUpperCase();
  if (upper === 'MILLISECOND' || upper === 'MICROSECOND') return upper;
  throw invalidTimeUnit();
}

/** Keys that hold an epoch time wherever they appear in the emulator's answers and events. */
const TIME_KEYS = new Set([
  'serverTime', 'time', 'updateTime', 'transactTime', 'workingTime', 'transactionTime', 'openTime', 'closeTime',
  'connectedSince', 'authorizedSince',
  // Event fields: E event time, T transaction/trade/clear time, O order creation time, W working time.
  'E', 'T', 'O', 'W',
]);

/**
 * Marks a kline row (an array, so no key names its times): element 0 is its open time and element 6 its
 * close time, the last millisecond of the interval. JSON.stringify ignores symbol keys.
 */
export const KLINE_ROW: unique symbol = Symbol('kline row');

/** `row` marked as a kline row, for inTimeUnit. */
export function klineRow(row: unknown[]): unknown[] {
  return Object.assign(row, { [KLINE_ROW]: true });
}

/**
 * The same JSON with every time field in `unit` (whole microseconds are the milliseconds × 1000, as the
 * emulator's clock counts whole milliseconds). `u` is a time only in outboundAccountPosition (elsewhere it
 * is an update id). A copy: the input is never changed.
 */
export function inTimeUnit<T>(json: T, unit: TimeUnit): T {
  return unit === 'MILLISECOND' ? json : (convert(json) as T);
}

function convert(value: unknown): unknown {
  if (Array.isArray(value) && KLINE_ROW in value) {
    // In microseconds the close time is the interval's last microsecond, not its last millisecond × 1000.
    const row = [...value] as number[];
    row[0] = row[0] * 1000;
    row[6] = (row[6] + 1) * 1000 - 1;
    return row;
  }
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const isTime = TIME_KEYS.has(k) || (k === 'u' && o.e === 'outboundAccountPosition');
    out[k] = isTime && typeof v === 'number' ? v * 1000 : convert(v);
  }
  return out;
}
