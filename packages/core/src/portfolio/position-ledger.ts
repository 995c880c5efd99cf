import { Decimal } from '../decimal/decimal';
import type { BrokerPosition } from '../domain/account';
import type { Instrument } from '../domain/instrument';
import type { OrderSide } from '../domain/order';

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
 * Net positions from fills, with average-cost accounting kept as an exact cost basis rather than a
 * rounded average price. Why: with the cost basis, cash + position value = initial equity + realised +
 * unrealised − commissions holds to the last unit, however many fills; an average price rounded at 18
 * places drifts by up to quantity × 10^-18 per fill. Adding to a position adds its cost; reducing it
 * realises (price × closed quantity × multiplier − the closed share of the cost basis), the last unit of
 * a full close taking exactly what is left; going through zero opens the rest at the fill price.
 *
 * The one ledger of Silvertine: AbstractBroker applies every new fill to its own (`localPositions()`),
 * and paper's portfolio keeps its positions in that same instance.
 */
export class PositionLedger {
  private readonly positions = new Map<string, PositionState>();

  /** Applies one execution and returns the P&L it realised (zero when it only added). */
  apply(instrument: Instrument, side: OrderSide, quantity: Decimal, price: Decimal): Decimal {
    const state = this.stateOf(instrument);
    const buy = side === 'BUY';
    const current = state.quantity;
    if (current.isZero() || current.isPositive() === buy) {
      const value = price.times(quantity).times(instrument.multiplier);
      state.costBasis = state.costBasis.plus(buy ? value : value.negated());
      state.quantity = buy ? current.plus(quantity) : current.minus(quantity);
      return Decimal.ZERO;
    }
    const held = current.abs();
    const closing = Decimal.min(held, quantity);
    // The closed share of the cost basis; the last unit of a full close takes exactly what is left.
    const removed = closing.eq(held) ? state.costBasis : state.costBasis.times(closing).div(held);
    const closedValue = price.times(closing).times(instrument.multiplier);
    // Long: sold for closedValue, cost `removed`. Short: bought back for closedValue, received −removed.
    const realized = current.isPositive() ? closedValue.minus(removed) : removed.negated().minus(closedValue);
    state.costBasis = state.costBasis.minus(removed);
    state.realizedPnl = state.realizedPnl.plus(realized);
    const opening = quantity.minus(closing);
    if (opening.isPositive()) {
      const openValue = price.times(opening).times(instrument.multiplier);
      state.costBasis = buy ? openValue : openValue.negated();
    }
    state.quantity = buy ? current.plus(quantity) : current.minus(quantity);
    return realized;
  }

  /** Records the latest price for unrealised P&L (a symbol never traded is not marked). */
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

  /** Realised P&L of every instrument, summed. */
  totalRealized(): Decimal {
    let total = Decimal.ZERO;
    for (const s of this.positions.values()) total = total.plus(s.realizedPnl);
    return total;
  }

  /** Every symbol traded, flat ones included. */
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
