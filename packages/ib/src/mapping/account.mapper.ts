import { Decimal, type BrokerAccountInfo, type BrokerBalance, type BrokerPosition, type Instrument } from '@silvertine/core';
import type { IbAccountSummary, IbPositionMessage } from '../decoding/account.decoder';
import { onStep } from './numbers';

/** The account summary tags the adapter asks for (reqAccountSummary's tag list). */
export const ACCOUNT_SUMMARY_TAGS = [
  'AccountType', 'NetLiquidation', 'TotalCashValue', 'SettledCash', 'BuyingPower', 'EquityWithLoanValue',
  'InitMarginReq', 'MaintMarginReq', 'AvailableFunds', 'ExcessLiquidity', 'GrossPositionValue',
].join(',');

/** IB paper accounts start with D (DU1234567, DF...); live ones with U, F, I. */
export function isPaperAccount(accountId: string): boolean {
  return /^D/i.test(accountId);
}

/** The value of a tag in one currency (or the first currency it has). */
function tagValue(summary: IbAccountSummary, tag: string, currency?: string): { value: Decimal; currency: string } | undefined {
  const byCurrency = summary.values.get(tag);
  if (!byCurrency) return undefined;
  const chosen = currency === undefined ? undefined : byCurrency.get(currency);
  if (chosen !== undefined && currency !== undefined) return { value: chosen, currency };
  for (const [first, value] of byCurrency) return { value, currency: first };
  return undefined;
}

/**
 * Cash balances per currency. TWS reports `CashBalance` per currency when the summary is asked with
 * `$LEDGER:ALL`; otherwise only `TotalCashValue` in the base currency, which becomes one balance.
 * IB does not split cash into free/locked: open orders reserve buying power, not cash, so locked is 0.
 * A negative cash balance is a margin loan at IB, so it is kept as it is.
 */
export function toBalances(summary: IbAccountSummary): BrokerBalance[] {
  const perCurrency = summary.values.get('CashBalance');
  const out: BrokerBalance[] = [];
  if (perCurrency && perCurrency.size > 0) {
    for (const [currency, total] of perCurrency) {
      if (currency === 'BASE' || currency === '') continue;
      out.push({ asset: currency, free: total, locked: Decimal.ZERO, total });
    }
    if (out.length > 0) return out;
  }
  const cash = tagValue(summary, 'TotalCashValue');
  if (cash) out.push({ asset: cash.currency, free: cash.value, locked: Decimal.ZERO, total: cash.value });
  return out;
}

/** The account summary as core's account info (positions are read separately and passed in). */
export function toAccountInfo(accountId: string, summary: IbAccountSummary, positions: readonly BrokerPosition[], now: number): BrokerAccountInfo {
  const netLiq = tagValue(summary, 'NetLiquidation');
  const baseCurrency = netLiq?.currency || tagValue(summary, 'TotalCashValue')?.currency || 'USD';
  const read = (tag: string) => tagValue(summary, tag, baseCurrency)?.value ?? Decimal.ZERO;
  return {
    accountId,
    // IB's AccountType is INDIVIDUAL/JOINT/...; what matters to us is whether margin is reported
    accountType: summary.accountType?.toUpperCase() === 'CASH' || read('InitMarginReq').isZero() && read('BuyingPower').lte(read('TotalCashValue')) ? 'CASH' : 'MARGIN',
    baseCurrency,
    equity: read('NetLiquidation'),
    buyingPower: read('BuyingPower'),
    marginUsed: read('InitMarginReq'),
    marginAvailable: read('AvailableFunds'),
    balances: toBalances(summary),
    positions,
    updatedAt: now,
  };
}

/**
 * One decoded IB position as ours. IB's avgCost includes the multiplier (an ES future's avgCost is
 * price×50), so the average price is avgCost / multiplier.
 */
export function toPosition(position: IbPositionMessage, instrument: Instrument): BrokerPosition {
  const quantity = onStep(position.quantity, instrument.stepSize);
  const avgCost = position.avgCost ?? Decimal.ZERO;
  const averagePrice = instrument.multiplier.isZero() ? avgCost : avgCost.div(instrument.multiplier).round(10);
  const { marketPrice } = position;
  return {
    instrument,
    quantity,
    averagePrice,
    realizedPnl: position.realizedPnl ?? Decimal.ZERO,
    unrealizedPnl: position.unrealizedPnl ?? (marketPrice ? marketPrice.minus(averagePrice).times(quantity).times(instrument.multiplier) : Decimal.ZERO),
    marketPrice,
    account: position.account,
  };
}
