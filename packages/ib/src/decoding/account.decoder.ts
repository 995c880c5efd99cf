import type { Decimal } from '@silvertine/core';
import type { Contract } from '@stoqey/ib';
import { decodeContract } from './contract.decoder';
import { IbPayloadError, decimalField, decimalText, objectField, optionalDecimalField, optionalTextField, textField } from './decode-fields';

/** One position as TWS reported it (reqPositions), numbers read into Decimals. */
export interface IbPositionMessage {
  readonly account: string;
  readonly contract: Contract;
  /** Signed quantity (negative when short). */
  readonly quantity: Decimal;
  /** IB's average cost, which includes the multiplier; zero when TWS sent none. */
  readonly avgCost?: Decimal;
  readonly marketPrice?: Decimal;
  readonly realizedPnl?: Decimal;
  readonly unrealizedPnl?: Decimal;
}

/** One position row of IBApiNext's getPositions; refused when any number is not one. */
export function decodePosition(value: unknown): IbPositionMessage {
  const p = objectField<Record<string, unknown>>(value, 'position');
  return {
    account: textField(p.account, 'position.account', true),
    contract: decodeContract(p.contract, 'position.contract'),
    quantity: decimalField(p.pos, 'position.pos'),
    avgCost: optionalDecimalField(p.avgCost, 'position.avgCost'),
    marketPrice: optionalDecimalField(p.marketPrice, 'position.marketPrice'),
    realizedPnl: optionalDecimalField(p.realizedPNL, 'position.realizedPNL'),
    unrealizedPnl: optionalDecimalField(p.unrealizedPNL, 'position.unrealizedPNL'),
  };
}

/** The account summary tags the adapter reads as numbers (reqAccountSummary). */
export const NUMERIC_SUMMARY_TAGS: ReadonlySet<string> = new Set([
  'NetLiquidation', 'TotalCashValue', 'SettledCash', 'BuyingPower', 'EquityWithLoanValue', 'InitMarginReq', 'MaintMarginReq',
  'AvailableFunds', 'ExcessLiquidity', 'GrossPositionValue', 'CashBalance',
]);

/** One account's summary: numeric tags by currency as Decimals, and the account type. */
export interface IbAccountSummary {
  /** tag → currency → value; only NUMERIC_SUMMARY_TAGS, in the order TWS sent them. */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, Decimal>>;
  readonly accountType?: string;
}

/**
 * IBApiNext's tag → currency → { value } map of one account. Every tag the adapter reads must be a
 * decimal number; one that is not refuses the whole summary (a balance read from half a summary
 * would be wrong, not partial). Tags the adapter does not read are ignored.
 */
export function decodeAccountSummary(value: unknown): IbAccountSummary {
  if (value === undefined) return { values: new Map() };
  if (!(value instanceof Map)) throw new IbPayloadError('accountSummary', 'must be a map of tags', value);
  const values = new Map<string, Map<string, Decimal>>();
  let accountType: string | undefined;
  for (const [tag, byCurrency] of value as Map<unknown, unknown>) {
    if (typeof tag !== 'string' || !(byCurrency instanceof Map)) throw new IbPayloadError('accountSummary', 'must map tags to currencies', tag);
    if (tag === 'AccountType') {
      const first = (byCurrency.values().next().value as { value?: unknown } | undefined)?.value;
      accountType = optionalTextField(first, 'accountSummary.AccountType');
      continue;
    }
    if (!NUMERIC_SUMMARY_TAGS.has(tag)) continue;
    const decoded = new Map<string, Decimal>();
    for (const [currency, entry] of byCurrency as Map<unknown, unknown>) {
      const field = `accountSummary.${tag}`;
      decoded.set(textField(currency, `${field}.currency`), decimalText(objectField<{ value?: unknown }>(entry, field).value, field));
    }
    values.set(tag, decoded);
  }
  return { values, accountType };
}
