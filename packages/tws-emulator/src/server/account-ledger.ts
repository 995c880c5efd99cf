import { Decimal } from '@silvertine/core';
import type { ContractSpec } from '../protocol/wire-types';

/** One position as TWS reports it: average cost includes the multiplier and commissions. */
export interface LedgerPosition {
  readonly contract: ContractSpec;
  readonly quantity: Decimal;
  readonly averageCost: Decimal;
  readonly realizedPnl: Decimal;
}

interface AccountState {
  readonly cash: Map<string, Decimal>;
  readonly positions: Map<number, LedgerPosition>;
}

/**
 * Cash per currency and positions per account. Fills move cash in the contract's currency (and, for
 * forex, the base currency too); positions keep IB's average cost so that POSITION and PORTFOLIO_VALUE
 * look like TWS's.
 */
export class AccountLedger {
  private readonly accounts = new Map<string, AccountState>();

  constructor(accountIds: readonly string[], initialCash: ReadonlyMap<string, Decimal>) {
    for (const id of accountIds) this.accounts.set(id, { cash: new Map(initialCash), positions: new Map() });
  }

  /** Account codes, in the order given. */
  ids(): string[] {
    return [...this.accounts.keys()];
  }

  has(account: string): boolean {
    return this.accounts.has(account);
  }

  /** Cash balances of one account. */
  cash(account: string): ReadonlyMap<string, Decimal> {
    return this.state(account).cash;
  }

  /** Sets a cash balance (control interface). */
  setCash(account: string, currency: string, amount: Decimal): void {
    this.state(account).cash.set(currency, amount);
  }

  /** Non-zero positions of one account. */
  positions(account: string): LedgerPosition[] {
    return [...this.state(account).positions.values()].filter((p) => !p.quantity.isZero());
  }

  /** Every position ever held, including closed ones (TWS reports those with quantity 0 until restart). */
  allPositions(account: string): LedgerPosition[] {
    return [...this.state(account).positions.values()];
  }

  /** Applies one execution; returns the P&L it realized (zero when it only opened or added). */
  applyFill(account: string, contract: ContractSpec, side: 'BUY' | 'SELL', quantity: Decimal, price: Decimal, commission: Decimal): Decimal {
    const state = this.state(account);
    const multiplier = contract.multiplier ?? Decimal.ONE;
    const signed = side === 'BUY' ? quantity : quantity.negated();
    const notional = quantity.times(price).times(multiplier);
    const add = (ccy: string, delta: Decimal) => state.cash.set(ccy, (state.cash.get(ccy) ?? Decimal.ZERO).plus(delta));

    const before = state.positions.get(contract.conId);
    const oldQty = before?.quantity ?? Decimal.ZERO;
    const oldAvg = before?.averageCost ?? Decimal.ZERO;
    const newQty = oldQty.plus(signed);
    let realizedGross = Decimal.ZERO;
    let avg: Decimal;
    const unitCost = price.times(multiplier);
    if (oldQty.isZero() || oldQty.sign() === signed.sign()) {
      // opening or adding: the average absorbs price and commission
      avg = oldQty.abs().times(oldAvg).plus(notional).plus(commission).div(newQty.abs());
    } else {
      const closed = Decimal.min(quantity, oldQty.abs());
      const perUnit = oldQty.isPositive() ? unitCost.minus(oldAvg) : oldAvg.minus(unitCost);
      realizedGross = perUnit.times(closed);
      avg = newQty.isZero() ? Decimal.ZERO : newQty.sign() === oldQty.sign() ? oldAvg : unitCost; // flipped: new side at this price
    }
    const realized = realizedGross.isZero() ? Decimal.ZERO : realizedGross.minus(commission);
    if (contract.secType === 'FUT') {
      // futures move no notional: only commissions and realized P&L settle in cash
      add(contract.currency, realizedGross.minus(commission));
    } else {
      add(contract.currency, (side === 'BUY' ? notional.negated() : notional).minus(commission));
      if (contract.secType === 'CASH') add(contract.symbol, signed);
    }
    state.positions.set(contract.conId, {
      contract,
      quantity: newQty,
      averageCost: avg.round(8),
      realizedPnl: (before?.realizedPnl ?? Decimal.ZERO).plus(realized),
    });
    return realized;
  }

  private state(account: string): AccountState {
    const s = this.accounts.get(account);
    if (!s) throw new Error(`unknown account ${account}`);
    return s;
  }
}
