import { Decimal } from '@silvertine/core';
import type { WhatIfEstimate } from '../protocol/open-order.encoder';
import type { ContractSpec } from '../protocol/wire-types';
import { marginRate, type AccountValues } from './account-values';
import { orderCommission } from './commission.schedule';

/** What the estimate needs to know about the order and its market. */
export interface WhatIfInput {
  readonly contract: ContractSpec;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: Decimal;
  /** The price the order would trade at: its limit or trigger, else the touch it would take. */
  readonly price: Decimal;
  /** Every price the order could plausibly trade at (limit, bid, ask): commission min and max span them. */
  readonly candidatePrices: readonly Decimal[];
  /** The contract's mark (the position is valued at it after the trade), else the price. */
  readonly mark: Decimal;
  /** The account's current position in the contract. */
  readonly position: Decimal;
  /** Base-currency units per unit of the contract's currency. */
  readonly fxRate: Decimal;
}

/**
 * A what-if order's margin and commission impact, as TWS reports it on the what-if OPEN_ORDER
 * (IB TWS API "Checking Margin Changes": interactivebrokers.github.io/tws-api/margin.html — the order
 * is not placed; orderState carries init/maint margin and equity with loan before, change and after,
 * commission, min/max commission and the commission currency). The numbers come from the margin rates
 * the emulator applies to accounts (`marginRate`) and its fixed commission schedule; IB's own margin
 * engine is not modelled, so the amounts are this emulator's, not IB's (inferred, not captured).
 * Initial and maintenance margin are equal because the emulator uses one rate for both.
 */
export function whatIfEstimate(values: AccountValues, o: WhatIfInput): WhatIfEstimate {
  const money = (tag: string) => Decimal.from(values.tags.get(tag) ?? '0');
  const multiplier = o.contract.multiplier ?? Decimal.ONE;
  const signed = o.action === 'BUY' ? o.quantity : o.quantity.negated();
  const after = o.position.plus(signed);
  const unitValue = o.mark.times(multiplier).times(o.fxRate);
  const marginChange = after.abs().minus(o.position.abs()).times(unitValue).times(marginRate(o.contract)).round(2, 'HALF_UP');
  const commissionAt = (price: Decimal) => orderCommission(o.contract, o.quantity, o.quantity.times(price).times(multiplier)).round(2, 'HALF_UP');
  const commission = commissionAt(o.price);
  const range = o.candidatePrices.map(commissionAt).concat(commission);
  // trading away from the mark moves equity at once (bought above it, sold below it), as does the commission
  const edge = o.mark.minus(o.price).times(signed).times(multiplier).times(o.fxRate);
  const equityChange = edge.minus(commission.times(o.fxRate)).round(2, 'HALF_UP');
  const init = money('InitMarginReq');
  const maint = money('MaintMarginReq');
  const equity = money('EquityWithLoanValue');
  return {
    initMarginBefore: init, maintMarginBefore: maint, equityWithLoanBefore: equity,
    initMarginChange: marginChange, maintMarginChange: marginChange, equityWithLoanChange: equityChange,
    initMarginAfter: init.plus(marginChange), maintMarginAfter: maint.plus(marginChange), equityWithLoanAfter: equity.plus(equityChange),
    commission, minCommission: range.reduce((a, b) => Decimal.min(a, b)), maxCommission: range.reduce((a, b) => Decimal.max(a, b)),
    commissionCurrency: o.contract.currency,
  };
}
