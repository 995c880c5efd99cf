import type { Decimal } from '@silvertine/core';
import type { ExecutionFilter } from '../protocol/client-requests.decoder';
import type { ContractSpec } from '../protocol/wire-types';

/** One execution with its commission, kept for the trading day as TWS does. */
export interface ExecutionRecord {
  readonly execId: string;
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly account: string;
  readonly contract: ContractSpec;
  readonly side: 'BOT' | 'SLD';
  readonly shares: Decimal;
  readonly price: Decimal;
  readonly cumQty: Decimal;
  readonly avgPrice: Decimal;
  readonly orderRef: string;
  readonly lastLiquidity: 1 | 2;
  readonly timestamp: number;
  readonly commission: Decimal;
  readonly commissionCurrency: string;
  readonly realizedPnl?: Decimal;
}

/** UTC trading day key, yyyymmdd. */
export function dayKey(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replace(/-/g, '');
}

/** "yyyymmdd hh:mm:ss UTC", the shape of TWS's execution time. */
export function formatExecTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')} ${iso.slice(11, 19)} UTC`;
}

/** Parses a filter time "yyyymmdd-hh:mm:ss" / "yyyymmdd hh:mm:ss" (UTC) to epoch ms. */
function parseFilterTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})[-\s]+(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text.trim());
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

/**
 * Executions of the current day. They outlive client sessions and emulator restarts, so a client that
 * reconnects can ask for them again (REQ_EXECUTIONS) and must de-duplicate by execId, as with TWS.
 */
export class ExecutionStore {
  private records: ExecutionRecord[] = [];

  add(record: ExecutionRecord): void {
    this.records.push(record);
  }

  /** Today's executions matching the filter; older days are dropped first. */
  query(filter: ExecutionFilter, now: number): ExecutionRecord[] {
    const today = dayKey(now);
    this.records = this.records.filter((r) => dayKey(r.timestamp) === today);
    const since = filter.time === '' ? undefined : parseFilterTime(filter.time);
    const side = filter.side.toUpperCase();
    return this.records.filter(
      (r) =>
        (filter.clientId === 0 || r.clientId === filter.clientId) &&
        (filter.account === '' || r.account === filter.account) &&
        (since === undefined || r.timestamp >= since) &&
        (filter.symbol === '' || r.contract.symbol.toUpperCase() === filter.symbol.toUpperCase()) &&
        (filter.secType === '' || r.contract.secType === filter.secType.toUpperCase()) &&
        (filter.exchange === '' || r.contract.exchange === filter.exchange.toUpperCase()) &&
        (side === '' || (side === 'BUY' || side === 'BOT' ? r.side === 'BOT' : r.side === 'SLD')),
    );
  }

  /** Everything stored (control/inspection). */
  all(): readonly ExecutionRecord[] {
    return this.records;
  }
}
