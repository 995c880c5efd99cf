import { Decimal, type BrokerPosition, type Instrument, type OrderSide } from '@silvertine/core';
import { timesMultiplier } from '../models/decimal-math';

interface PositionState {
  readonly instrument: Instrument;
  /** Signed: positive long, negative short. */
  quantity: Decimal;
  /** Signed cost of the open quantity (quantity × average price × multiplier), kept exactly. */
  costBasis: Decimal;
  realizedPnl: Decimal;
  mark?: Decimal;
}

/**
 * Positions with average-cost accounting, kept as an exact cost basis rather than a rounded average
 * price. Why: with the cost basis, cash + position value = initial equity + realized + unrealized −
 * commissions holds to the last unit (an average price rounded at 18 places would drift by quantity ×
 * 10^-18). Reducing a position realises (price × closed quantity × multiplier − the closed share of the
 * cost basis); going through zero opens the rest at the fill price.
 */
export class PositionBook {
  private readonly positions = new Map<string, PositionState>();

  /** Applies one execution and returns the P&L it realised (zero when it only added). */
  apply(instrument: Instrument, side: OrderSide, quantity: Decimal, price: Decimal): Decimal {
    const state = this.stateOf(instrument);
    const signed = side === 'BUY' ? quantity : quantity.negated();
    const value = timesMultiplier(price.times(quantity), instrument.multiplier);
    const signedValue = side === 'BUY' ? value : value.negated();
    const current = state.quantity;
    if (current.isZero() || current.sign() === signed.sign()) {
      state.costBasis = state.costBasis.plus(signedValue);
      state.quantity = current.plus(signed);
      return Decimal.ZERO;
    }
    const closing = Decimal.min(current.abs(), quantity);
    // The closed share of the cost basis; the last unit of a full close takes exactly what is left.
    const removed = closing.eq(current.abs()) ? state.costBasis : state.costBasis.times(closing).div(current.abs());
    const closedValue = price.times(closing).times(instrument.multiplier);
    // Long: sold for closedValue, cost `removed`. Short: bought back for closedValue, received −removed.
    const realized = current.isPositive() ? closedValue.minus(removed) : removed.negated().minus(closedValue);
    state.costBasis = state.costBasis.minus(removed);
    state.realizedPnl = state.realizedPnl.plus(realized);
    const opening = quantity.minus(closing);
    if (opening.isPositive()) {
      const openValue = price.times(opening).times(instrument.multiplier);
      state.costBasis = side === 'BUY' ? openValue : openValue.negated();
    }
    state.quantity = current.plus(signed);
    return realized;
  }

  /** Records the latest price for unrealised P&L. */
  mark(symbol: string, price: Decimal): void {
    const state = this.positions.get(symbol);
    if (state) state.mark = price;
  }

  markOf(symbol: string): Decimal | undefined {
    return this.positions.get(symbol)?.mark;
  }

  quantityOf(symbol: string): Decimal {
    return this.positions.get(symbol)?.quantity ?? Decimal.ZERO;
  }

  /** quantity × mark × multiplier − cost basis; zero without a mark. */
  unrealizedOf(symbol: string): Decimal {
    const s = this.positions.get(symbol);
    if (!s || s.mark === undefined) return Decimal.ZERO;
    return s.quantity.times(s.mark).times(s.instrument.multiplier).minus(s.costBasis);
  }

  /** Signed market value (quantity × mark × multiplier), at cost when there is no mark yet. */
  marketValueOf(symbol: string): Decimal {
    const s = this.positions.get(symbol);
    if (!s) return Decimal.ZERO;
    return s.mark === undefined ? s.costBasis : s.quantity.times(s.mark).times(s.instrument.multiplier);
  }

  totalRealized(): Decimal {
    return Decimal.sum([...this.positions.values()].map((s) => s.realizedPnl));
  }

  symbols(): readonly string[] {
    return [...this.positions.keys()];
  }

  instrumentOf(symbol: string): Instrument | undefined {
    return this.positions.get(symbol)?.instrument;
  }

  /** Every instrument traded, flat ones included (they carry realised P&L). */
  snapshot(account?: string): BrokerPosition[] {
    return [...this.positions.values()].map((s) => ({
      instrument: s.instrument,
      quantity: s.quantity,
      averagePrice: s.quantity.isZero() ? Decimal.ZERO : s.costBasis.div(s.quantity.times(s.instrument.multiplier)),
      realizedPnl: s.realizedPnl,
      unrealizedPnl: this.unrealizedOf(s.instrument.symbol),
      marketPrice: s.mark,
      account,
    }));
  }

  private stateOf(instrument: Instrument): PositionState {
    let state = this.positions.get(instrument.symbol);
    if (!state) {
      state = { instrument, quantity: Decimal.ZERO, costBasis: Decimal.ZERO, realizedPnl: Decimal.ZERO };
      this.positions.set(instrument.symbol, state);
    }
    return state;
  }
}
