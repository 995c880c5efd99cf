import { Decimal } from '../decimal/decimal';
import type { BrokerPosition } from '../domain/account';
import type { Instrument } from '../domain/instrument';
import type { OrderSide } from '../domain/order';

interface PositionState {
  instrument: Instrument;
  quantity: Decimal;
  averagePrice: Decimal;
  realizedPnl: Decimal;
  mark?: Decimal;
}

/**
 * Net positions from fills, with average-cost accounting: adding to a position moves the average price,
 * reducing it realises (price - average) × quantity × multiplier, and crossing through zero opens the
 * remainder at the fill price.
 */
export class PositionLedger {
  private readonly positions = new Map<string, PositionState>();

  /** Applies one execution; returns the P&L it realised (zero when it only added). */
  apply(instrument: Instrument, side: OrderSide, quantity: Decimal, price: Decimal): Decimal {
    const state = this.stateOf(instrument);
    const signed = side === 'BUY' ? quantity : quantity.negated();
    const current = state.quantity;
    let realized = Decimal.ZERO;
    if (current.isZero() || current.sign() === signed.sign()) {
      const total = current.abs().plus(quantity);
      state.averagePrice = state.averagePrice.times(current.abs()).plus(price.times(quantity)).div(total);
    } else {
      const closing = Decimal.min(current.abs(), quantity);
      const perUnit = current.isPositive() ? price.minus(state.averagePrice) : state.averagePrice.minus(price);
      realized = perUnit.times(closing).times(instrument.multiplier);
      state.realizedPnl = state.realizedPnl.plus(realized);
      if (quantity.gt(current.abs())) state.averagePrice = price;
      else if (quantity.eq(current.abs())) state.averagePrice = Decimal.ZERO;
    }
    state.quantity = current.plus(signed);
    return realized;
  }

  /** Records the latest price for unrealised P&L. */
  mark(symbol: string, price: Decimal): void {
    const state = this.positions.get(symbol);
    if (state) state.mark = price;
  }

  quantityOf(symbol: string): Decimal {
    return this.positions.get(symbol)?.quantity ?? Decimal.ZERO;
  }

  /** Every instrument traded, including flat ones with realised P&L. */
  snapshot(account?: string): BrokerPosition[] {
    return [...this.positions.values()].map((s) => ({
      instrument: s.instrument,
      quantity: s.quantity,
      averagePrice: s.averagePrice,
      realizedPnl: s.realizedPnl,
      unrealizedPnl: s.mark ? s.mark.minus(s.averagePrice).times(s.quantity).times(s.instrument.multiplier) : Decimal.ZERO,
      marketPrice: s.mark,
      account,
    }));
  }

  private stateOf(instrument: Instrument): PositionState {
    let state = this.positions.get(instrument.symbol);
    if (!state) {
      state = { instrument, quantity: Decimal.ZERO, averagePrice: Decimal.ZERO, realizedPnl: Decimal.ZERO };
      this.positions.set(instrument.symbol, state);
    }
    return state;
  }
}
