import { Decimal, dec } from '@silvertine/core';
import type { ContractSpec } from '../protocol/wire-types';
import type { AccountLedger, LedgerPosition } from './account-ledger';

/** The account's valuation inputs the ledger does not hold: marks and FX rates. */
export interface Marks {
  /** Mark price of a contract (undefined when no market data has been set). */
  mark(contract: ContractSpec): Decimal | undefined;
  /** Units of the base currency per unit of `currency` (1 when unknown). */
  fxRate(currency: string): Decimal;
}

/** A position valued at the mark. */
export interface ValuedPosition extends LedgerPosition {
  readonly marketPrice: Decimal;
  readonly marketValue: Decimal;
  readonly unrealizedPnl: Decimal;
}

/** Account values as TWS names them; every value in the base currency. */
export interface AccountValues {
  readonly baseCurrency: string;
  readonly tags: ReadonlyMap<string, string>;
  readonly positions: readonly ValuedPosition[];
}

// simple Reg-T-like rates: the emulator does not model IB's margin engine
const STOCK_MARGIN = dec('0.25');
const FUTURES_MARGIN = dec('0.05');

/** The margin the emulator requires per unit of market value (forex lives in cash and needs none). */
export function marginRate(contract: ContractSpec): Decimal {
  if (contract.secType === 'CASH') return Decimal.ZERO;
  return contract.secType === 'FUT' ? FUTURES_MARGIN : STOCK_MARGIN;
}

/** Values every position of an account and computes the summary tags (NetLiquidation, ...). */
export function valueAccount(ledger: AccountLedger, account: string, marks: Marks, baseCurrency = 'USD'): AccountValues {
  const positions: ValuedPosition[] = ledger.allPositions(account).map((p) => {
    const multiplier = p.contract.multiplier ?? Decimal.ONE;
    const marketPrice = marks.mark(p.contract) ?? (p.quantity.isZero() ? Decimal.ZERO : p.averageCost.div(multiplier));
    const marketValue = p.quantity.times(marketPrice).times(multiplier);
    const unrealizedPnl = marketValue.minus(p.quantity.times(p.averageCost));
    return { ...p, marketPrice, marketValue: marketValue.round(2), unrealizedPnl: unrealizedPnl.round(2) };
  });
  let cash = Decimal.ZERO;
  for (const [ccy, amount] of ledger.cash(account)) cash = cash.plus(amount.times(marks.fxRate(ccy)));
  let stockValue = Decimal.ZERO;
  let gross = Decimal.ZERO;
  let futuresPnl = Decimal.ZERO;
  let margin = Decimal.ZERO;
  let unrealized = Decimal.ZERO;
  let realized = Decimal.ZERO;
  for (const p of positions) {
    const fx = marks.fxRate(p.contract.currency);
    realized = realized.plus(p.realizedPnl.times(fx));
    if (p.contract.secType === 'CASH') continue; // forex lives in the cash balances
    unrealized = unrealized.plus(p.unrealizedPnl.times(fx));
    if (p.contract.secType === 'FUT') {
      futuresPnl = futuresPnl.plus(p.unrealizedPnl.times(fx));
      margin = margin.plus(p.marketValue.abs().times(fx).times(FUTURES_MARGIN));
    } else {
      stockValue = stockValue.plus(p.marketValue.times(fx));
      gross = gross.plus(p.marketValue.abs().times(fx));
      margin = margin.plus(p.marketValue.abs().times(fx).times(STOCK_MARGIN));
    }
  }
  const netLiq = cash.plus(stockValue).plus(futuresPnl);
  const available = netLiq.minus(margin);
  const money = (d: Decimal) => d.toFixed(2);
  const tags = new Map<string, string>([
    ['AccountType', 'INDIVIDUAL'],
    ['NetLiquidation', money(netLiq)],
    ['TotalCashValue', money(cash)],
    ['SettledCash', money(cash)],
    ['AccruedCash', '0.00'],
    ['BuyingPower', money(Decimal.max(available, Decimal.ZERO).times(4))],
    ['EquityWithLoanValue', money(netLiq)],
    ['PreviousDayEquityWithLoanValue', money(netLiq)],
    ['GrossPositionValue', money(gross)],
    ['RegTEquity', money(netLiq)],
    ['RegTMargin', money(margin)],
    ['SMA', money(Decimal.max(available, Decimal.ZERO))],
    ['InitMarginReq', money(margin)],
    ['MaintMarginReq', money(margin)],
    ['AvailableFunds', money(available)],
    ['ExcessLiquidity', money(available)],
    ['Cushion', netLiq.isZero() ? '0' : available.div(netLiq).toFixed(6)],
    ['FullInitMarginReq', money(margin)],
    ['FullMaintMarginReq', money(margin)],
    ['FullAvailableFunds', money(available)],
    ['FullExcessLiquidity', money(available)],
    ['LookAheadNextChange', '0'],
    ['LookAheadInitMarginReq', money(margin)],
    ['LookAheadMaintMarginReq', money(margin)],
    ['LookAheadAvailableFunds', money(available)],
    ['LookAheadExcessLiquidity', money(available)],
    ['HighestSeverity', '0'],
    ['DayTradesRemaining', '-1'],
    ['Leverage', netLiq.isZero() ? '0' : gross.div(netLiq).toFixed(4)],
    ['UnrealizedPnL', money(unrealized)],
    ['RealizedPnL', money(realized)],
  ]);
  return { baseCurrency, tags, positions };
}

/** Tags that TWS reports without a currency. */
export const UNITLESS_TAGS: ReadonlySet<string> = new Set(['AccountType', 'Cushion', 'LookAheadNextChange', 'HighestSeverity', 'DayTradesRemaining', 'Leverage']);
