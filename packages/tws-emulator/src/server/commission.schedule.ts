import { Decimal, dec } from '@silvertine/core';
import type { ContractSpec } from '../protocol/wire-types';

/**
 * IB's fixed commission schedule (commissions.json `us_stocks.fixed`, `forex` first tier,
 * `us_futures.fixedPerContractUSD`). Options and crypto are not in that file: we use IB's published
 * fixed rates for US options (USD 0.65 per contract, minimum 1.00) and crypto (0.18 % of value, minimum
 * USD 1.75) and say so in the README.
 *
 * IB applies minimums and maximums per order, not per execution, so commission is computed on the
 * order's cumulative quantity and value and each execution is charged the increase.
 */
export function orderCommission(contract: ContractSpec, cumQuantity: Decimal, cumValue: Decimal): Decimal {
  if (!cumQuantity.isPositive()) return Decimal.ZERO;
  switch (contract.secType) {
    case 'STK': {
      const perShare = cumQuantity.times(dec('0.005'));
      const max = cumValue.times(dec('0.01'));
      return clamp(perShare, dec('1'), max);
    }
    case 'CASH':
      // 0.20 basis point of trade value, minimum USD 2.00
      return Decimal.max(cumValue.times(dec('0.00002')), dec('2'));
    case 'FUT':
      return cumQuantity.times(dec('0.85'));
    case 'OPT':
      return Decimal.max(cumQuantity.times(dec('0.65')), dec('1'));
    case 'CRYPTO':
      return Decimal.max(cumValue.times(dec('0.0018')), dec('1.75'));
  }
}

/** Commission for one execution: the order's commission after it minus before it, to the cent's hundredth. */
export function executionCommission(contract: ContractSpec, before: { qty: Decimal; value: Decimal }, fill: { qty: Decimal; value: Decimal }): Decimal {
  const after = orderCommission(contract, before.qty.plus(fill.qty), before.value.plus(fill.value));
  return after.minus(orderCommission(contract, before.qty, before.value)).round(4, 'HALF_UP');
}

function clamp(value: Decimal, min: Decimal, max: Decimal): Decimal {
  // the 1 % cap wins over the minimum, as in IB's examples (1,000 shares at 0.25 pay 2.50)
  return Decimal.min(Decimal.max(value, min), max);
}
