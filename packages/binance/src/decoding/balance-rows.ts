import { decimalText, list, record, text } from './fields';
import { MAX } from './limits';

/**
 * A list of balances as the account answer (`asset`, `free`, `locked`) and outboundAccountPosition (`a`,
 * `f`, `l`) carry them: each an asset with unsigned decimal free and locked amounts. One bad entry refuses
 * the whole list, so a cache is never replaced by half of one.
 */
export function checkBalanceRows(value: unknown, field: string, keys: { readonly asset: string; readonly free: string; readonly locked: string }): void {
  const at = `${field}[]`;
  for (const entry of list(value, field, MAX.rows)) {
    const b = record(entry, at);
    text(b, keys.asset, MAX.symbol, at);
    decimalText(b, keys.free, at);
    decimalText(b, keys.locked, at);
  }
}
