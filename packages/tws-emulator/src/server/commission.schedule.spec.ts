import { dec } from '@silvertine/core';
import commissions from '../../test/fixtures/commissions.json';
import { DEFAULT_CONTRACTS } from './contract-table';
import { executionCommission, orderCommission } from './commission.schedule';

const bySecType = (t: string) => DEFAULT_CONTRACTS.find((c) => c.secType === t)!;

describe('IB fixed commissions', () => {
  it.each(commissions.us_stocks.fixed.examples)('US stock example $shares @ $price = $commission', ({ shares, price, commission }) => {
    const qty = dec(shares);
    expect(orderCommission(bySecType('STK'), qty, qty.times(dec(price))).toNumber()).toBe(commission);
  });

  it('charges the per-order minimum once across partial fills', () => {
    const stk = bySecType('STK');
    const first = executionCommission(stk, { qty: dec(0), value: dec(0) }, { qty: dec(30), value: dec(3000) });
    const second = executionCommission(stk, { qty: dec(30), value: dec(3000) }, { qty: dec(370), value: dec(37000) });
    expect(first.toString()).toBe('1');
    expect(second.toString()).toBe('1'); // 400 × 0.005 = 2.00 in total
  });

  it('forex 0.2 bp with a USD 2 minimum, futures 0.85 per contract', () => {
    expect(orderCommission(bySecType('CASH'), dec(20000), dec(21700)).toString()).toBe('2');
    expect(orderCommission(bySecType('CASH'), dec(2000000), dec(2170000)).toString()).toBe('43.4');
    expect(orderCommission(bySecType('FUT'), dec(3), dec(750000)).toString()).toBe('2.55');
  });
});
