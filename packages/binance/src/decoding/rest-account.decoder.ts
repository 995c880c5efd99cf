import type { RawAccount } from '../mapping/binance-types';
import { checkBalanceRows } from './balance-rows';
import { record } from './fields';

const ACCOUNT_KEYS = { asset: 'asset', free: 'free', locked: 'locked' } as const;

/**
 * GET /api/v3/account: every balance an asset with unsigned decimal free and locked amounts. One bad
 * entry (a negative amount, a number instead of a string, null) refuses the whole answer, so the
 * balance cache is never replaced by half of one.
 */
export function decodeAccount(value: unknown): RawAccount {
  const o = record(value, 'account');
  checkBalanceRows(o.balances, 'balances', ACCOUNT_KEYS);
  return o as unknown as RawAccount;
}
