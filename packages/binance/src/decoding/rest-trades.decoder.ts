import type { RawMyTrade } from '../mapping/binance-types';
import { decimalText, flag, integer, list, record, text } from './fields';
import { MAX } from './limits';

/** GET /api/v3/myTrades: an array of the account's trades. */
export function decodeMyTrades(value: unknown): RawMyTrade[] {
  const rows = list(value, 'trades', MAX.rows);
  for (const row of rows) {
    const t = record(row, 'trades[]');
    text(t, 'symbol', MAX.symbol, 'trades[]');
    integer(t, 'id', 'trades[]');
    integer(t, 'orderId', 'trades[]');
    decimalText(t, 'price', 'trades[]');
    decimalText(t, 'qty', 'trades[]');
    decimalText(t, 'commission', 'trades[]');
    text(t, 'commissionAsset', MAX.symbol, 'trades[]');
    integer(t, 'time', 'trades[]');
    flag(t, 'isBuyer', 'trades[]');
    flag(t, 'isMaker', 'trades[]');
  }
  return rows as RawMyTrade[];
}
