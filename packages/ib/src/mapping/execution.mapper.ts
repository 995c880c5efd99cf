import { Decimal, type Fill, type Instrument } from '@silvertine/core';
import type { IbCommissionMessage, IbExecutionMessage } from '../decoding/execution.decoder';
import { onStep } from './numbers';

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

/** What an execution needs besides IB's payload: which of our orders it belongs to, on which instrument. */
export interface ExecutionContext {
  readonly clientOrderId: string;
  /**
   * The instrument of the execution's contract: the order's when the contract is the order's, else the
   * one IB's contract names (core then refuses the fill as a contradiction of its order).
   */
  readonly instrument: Instrument;
  readonly receivedAt: number;
}

/**
 * A decoded IB execution with its commission report as a Fill, reporting what TWS said: its side, its
 * contract's symbol, its size and price (float noise rounded to the instrument's tick and lot). The
 * tradeId is IB's execId, which is stable across the replays TWS sends after a reconnect, so core
 * deduplicates them.
 */
export function toFill(execution: IbExecutionMessage, commission: IbCommissionMessage | undefined, context: ExecutionContext): Fill {
  const { instrument } = context;
  return {
    tradeId: execution.execId,
    clientOrderId: context.clientOrderId,
    venueOrderId: String(execution.orderId),
    symbol: instrument.symbol,
    side: execution.side,
    quantity: onStep(execution.shares, instrument.stepSize),
    price: onStep(execution.price, instrument.tickSize),
    commission: commission?.commission?.round(8) ?? Decimal.ZERO,
    commissionAsset: commission?.currency || instrument.quoteAsset,
    liquidity: execution.liquidity,
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
