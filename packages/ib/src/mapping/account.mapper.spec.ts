import { dec, type Instrument } from '@silvertine/core';
import type { AccountSummaryTagValues } from '@stoqey/ib';
import { decodeAccountSummary, decodePosition } from '../decoding/account.decoder';
import { isPaperAccount, toAccountInfo, toBalances, toPosition } from './account.mapper';

/** IBApiNext's tag → currency → { value } map, decoded as the broker does. */
const raw = (entries: Array<[string, string, string]>): AccountSummaryTagValues => {
  const map = new Map<string, Map<string, { value: string; ingressTm: number }>>();
  for (const [tag, currency, value] of entries) {
    const byCcy = map.get(tag) ?? new Map();
    byCcy.set(currency, { value, ingressTm: 0 });
    map.set(tag, byCcy);
  }
  return map;
};
const tags = (entries: Array<[string, string, string]>) => decodeAccountSummary(raw(entries));

describe('account mapping', () => {
  const summary = tags([
    ['NetLiquidation', 'USD', '1000150.00'], ['TotalCashValue', 'USD', '998000.00'], ['BuyingPower', 'USD', '3990000.00'],
    ['InitMarginReq', 'USD', '537.50'], ['AvailableFunds', 'USD', '999612.50'], ['CashBalance', 'USD', '998000.00'],
    ['CashBalance', 'EUR', '1000.00'], ['CashBalance', 'BASE', '999100.00'], ['AccountType', '', 'INDIVIDUAL'],
  ]);

  it('reads per-currency cash balances ($LEDGER:ALL), skipping BASE', () => {
    expect(toBalances(summary).map((b) => [b.asset, b.total.toString(), b.locked.toString()])).toEqual([['USD', '998000', '0'], ['EUR', '1000', '0']]);
    expect(toBalances(tags([['TotalCashValue', 'USD', '5.5']])).map((b) => b.total.toString())).toEqual(['5.5']);
  });

  it('builds account info in the base currency', () => {
    const info = toAccountInfo('DU1234567', summary, [], 7);
    expect([info.accountType, info.baseCurrency, info.equity.toString(), info.buyingPower.toString(), info.marginUsed.toString(), info.marginAvailable.toString(), info.updatedAt])
      .toEqual(['MARGIN', 'USD', '1000150', '3990000', '537.5', '999612.5', 7]);
  });

  it('refuses a summary whose numbers are not numbers (nothing half-read), ignores tags it does not read', () => {
    for (const bad of ['abc', 'NaN', '1e400', '', 'Infinity', '1'.repeat(80)]) {
      expect(() => tags([['NetLiquidation', 'USD', '5'], ['CashBalance', 'USD', bad]])).toThrow(/CashBalance/);
    }
    expect(toBalances(tags([['CashBalance', 'USD', '-250.5'], ['SomethingNew', 'USD', 'n/a']])).map((b) => b.total.toString())).toEqual(['-250.5']);
    expect(() => decodeAccountSummary('USD 5')).toThrow(/accountSummary/);
  });

  it('divides IB average cost by the multiplier', () => {
    const es: Instrument = { symbol: 'ESZ6', assetClass: 'FUT', quoteAsset: 'USD', tickSize: dec('0.25'), stepSize: dec(1), multiplier: dec(50) };
    const p = toPosition(decodePosition({ account: 'DU1', contract: {}, pos: -2, avgCost: 250012.5 }), es);
    expect([p.quantity.toString(), p.averagePrice.toString(), p.account]).toEqual(['-2', '5000.25', 'DU1']);
  });

  it('refuses positions with a quantity or cost that is not a finite number', () => {
    expect(() => decodePosition({ account: 'DU1', contract: {}, pos: Number.NaN, avgCost: 1 })).toThrow(/pos/);
    expect(() => decodePosition({ account: 'DU1', contract: {}, pos: 1, avgCost: Number.POSITIVE_INFINITY })).toThrow(/avgCost/);
    expect(() => decodePosition({ account: '', contract: {}, pos: 1 })).toThrow(/account/);
  });

  it('tells paper accounts from live ones', () => {
    expect([isPaperAccount('DU1234567'), isPaperAccount('U1234567')]).toEqual([true, false]);
  });
});
