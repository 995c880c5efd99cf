import { Decimal, dec, type BrokerAccountInfo, type BrokerBalance, type BrokerPosition, type Instrument } from '@silvertine/core';
import type { AccountSummaryTagValues, Position as IbPosition } from '@stoqey/ib';
import { fromIbNumber, ibNumberOrZero, optionalIbNumber } from './numbers';

/** The account summary tags the adapter asks for (reqAccountSummary's tag list). */
export const ACCOUNT_SUMMARY_TAGS = [
  'AccountType', 'NetLiquidation', 'TotalCashValue', 'SettledCash', 'BuyingPower', 'EquityWithLoanValue',
  'InitMarginReq', 'MaintMarginReq', 'AvailableFunds', 'ExcessLiquidity', 'GrossPositionValue',
].join(',');

/** IB paper accounts start with D (DU1234567, DF...); live ones with U, F, I. */
export function isPaperAccount(accountId: string): boolean {
  return /^D/i.test(accountId);
}

/** The value of a tag in one currency (or the only currency it has), as a Decimal. */
function tagValue(tags: AccountSummaryTagValues | undefined, tag: string, currency?: string): { value: Decimal; currency: string } | undefined {
  const byCurrency = tags?.get(tag);
  if (!byCurrency || byCurrency.size === 0) return undefined;
  const entry = currency !== undefined && byCurrency.has(currency) ? [currency, byCurrency.get(currency)!] as const : [...byCurrency.entries()][0]!;
  const parsed = Decimal.tryFrom(entry[1].value.trim());
  return parsed === undefined ? undefined : { value: parsed, currency: entry[0] };
}

/**
 * Cash balances per currency. TWS reports `CashBalance` per currency when the summary is asked with
 * `$LEDGER:ALL`; otherwise only `TotalCashValue` in the base currency, which becomes one balance.
 * IB does not split cash into free/locked: open orders reserve buying power, not cash, so locked is 0.
 */
export function toBalances(tags: AccountSummaryTagValues | undefined): BrokerBalance[] {
  const perCurrency = tags?.get('CashBalance');
  const out: BrokerBalance[] = [];
  if (perCurrency && perCurrency.size > 0) {
    for (const [currency, entry] of perCurrency) {
      if (currency === 'BASE' || currency === '') continue;
      const total = Decimal.tryFrom(entry.value.trim());
      if (total !== undefined) out.push({ asset: currency, free: total, locked: Decimal.ZERO, total });
    }
    if (out.length > 0) return out;
  }
  const cash = tagValue(tags, 'TotalCashValue');
  if (cash) out.push({ asset: cash.currency, free: cash.value, locked: Decimal.ZERO, total: cash.value });
  return out;
}

/** The account summary as core's account info (positions are read separately and passed in). */
export function toAccountInfo(
  accountId: string,
  tags: AccountSummaryTagValues | undefined,
  positions: readonly BrokerPosition[],
  now: number,
): BrokerAccountInfo {
  const netLiq = tagValue(tags, 'NetLiquidation');
  const baseCurrency = netLiq?.currency || tagValue(tags, 'TotalCashValue')?.currency || 'USD';
  const read = (tag: string) => tagValue(tags, tag, baseCurrency)?.value ?? Decimal.ZERO;
  const accountType = tags?.get('AccountType')?.values().next().value?.value;
  return {
    accountId,
    // IB's AccountType is INDIVIDUAL/JOINT/...; what matters to us is whether margin is reported
    accountType: accountType?.toUpperCase() === 'CASH' || read('InitMarginReq').isZero() && read('BuyingPower').lte(read('TotalCashValue')) ? 'CASH' : 'MARGIN',
    baseCurrency,
    equity: read('NetLiquidation'),
    buyingPower: read('BuyingPower'),
    marginUsed: read('InitMarginReq'),
    marginAvailable: read('AvailableFunds'),
    balances: toBalances(tags),
    positions,
    updatedAt: now,
  };
}

/**
 * One IB position as ours. IB's avgCost includes the multiplier (an ES future's avgCost is price×50),
 * so the average price is avgCost / multiplier.
 */
export function toPosition(position: IbPosition, instrument: Instrument): BrokerPosition {
  const quantity = fromIbNumber(position.pos, instrument.stepSize);
  const avgCost = ibNumberOrZero(position.avgCost);
  const averagePrice = instrument.multiplier.isZero() ? avgCost : avgCost.div(instrument.multiplier).round(10);
  const marketPrice = optionalIbNumber(position.marketPrice);
  return {
    instrument,
    quantity,
    averagePrice,
    realizedPnl: ibNumberOrZero(position.realizedPNL),
    unrealizedPnl: optionalIbNumber(position.unrealizedPNL) ?? (marketPrice ? marketPrice.minus(averagePrice).times(quantity).times(instrument.multiplier) : Decimal.ZERO),
    marketPrice,
    account: position.account,
  };
}

/** A stable placeholder for accounts that have not reported yet. */
export const ZERO_MONEY = dec(0);
