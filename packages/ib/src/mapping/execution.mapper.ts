import { Decimal, type Fill, type Instrument, type Liquidity } from '@silvertine/core';
import type { CommissionReport, Execution } from '@stoqey/ib';
import { fromIbNumber, optionalIbNumber } from './numbers';

/** IB execution times: "20260101 12:00:00", "20260101-12:00:00", optionally followed by a zone name. */
const EXEC_TIME = /^(\d{4})(\d{2})(\d{2})[ -](\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/;

/**
 * Epoch ms of an execution time. IB sends it in the TWS login's time zone; zone names other than
 * UTC/GMT are not resolvable without a tz database, so they fall back to `fallback` (receive time).
 */
export function parseIbTime(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  if (/^\d+$/.test(text)) return Number(text) * 1_000; // epoch seconds (reqCurrentTime style)
  const m = EXEC_TIME.exec(text.trim());
  if (!m) return fallback;
  const zone = m[7];
  if (zone && !/^(UTC|GMT|Z)$/i.test(zone)) return fallback;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** IB's lastLiquidity: 1 added (maker), 2 removed (taker), 3 routed out (taker). */
export function liquidityOf(lastLiquidity: unknown): Liquidity {
  const value = typeof lastLiquidity === 'object' && lastLiquidity !== null ? (lastLiquidity as { value?: number }).value : lastLiquidity;
  return value === 1 ? 'MAKER' : 'TAKER';
}

/** What an execution needs besides IB's payload: which of our orders and instruments it belongs to. */
export interface ExecutionContext {
  readonly clientOrderId: string;
  readonly instrument: Instrument;
  readonly receivedAt: number;
}

/**
 * An IB execution with its commission report as a Fill. The tradeId is IB's execId, which is stable
 * across the replays TWS sends after a reconnect, so core deduplicates them. Price is rounded to the
 * instrument's tick, quantity to its step (IB's doubles carry no more precision than that).
 */
export function toFill(execution: Execution, commission: CommissionReport | undefined, context: ExecutionContext): Fill {
  const { instrument } = context;
  if (!execution.execId) throw new RangeError('execution without execId');
  const side = execution.side === 'BOT' || execution.side === 'BUY' ? 'BUY' : 'SELL';
  return {
    tradeId: execution.execId,
    clientOrderId: context.clientOrderId,
    venueOrderId: execution.orderId !== undefined ? String(execution.orderId) : undefined,
    symbol: instrument.symbol,
    side,
    quantity: fromIbNumber(execution.shares ?? 0, instrument.stepSize),
    price: fromIbNumber(execution.price ?? 0, instrument.tickSize),
    commission: optionalIbNumber(commission?.commission)?.round(8) ?? Decimal.ZERO,
    commissionAsset: commission?.currency || instrument.quoteAsset,
    liquidity: liquidityOf(execution.lastLiquidity),
    timestamp: parseIbTime(execution.time, context.receivedAt),
  };
}

/**
 * IB corrects an execution by re-sending it with a new execId whose suffix changes
 * ("0000e0d5.67890abc.01.01" → ".01.02"): the prefix identifies the trade. Returned for logs.
 */
export function execIdBase(execId: string): string {
  const i = execId.lastIndexOf('.');
  return i > 0 ? execId.slice(0, i) : execId;
}
