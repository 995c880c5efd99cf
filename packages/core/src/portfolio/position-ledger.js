"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PositionLedger = void 0;
const decimal_1 = require("../decimal/decimal");
/**
 * Net positions from fills, with average-cost accounting: adding to a position moves the average price,
 * reducing it realises (price - average) × quantity × multiplier, and crossing through zero opens the
 * remainder at the fill price.
 */
class PositionLedger {
    positions = new Map();
    /** Applies one execution; returns the P&L it realised (zero when it only added). */
    apply(instrument, side, quantity, price) {
        const state = this.stateOf(instrument);
        const signed = side === 'BUY' ? quantity : quantity.negated();
        const current = state.quantity;
        let realized = decimal_1.Decimal.ZERO;
        if (current.isZero() || current.sign() === signed.sign()) {
            const total = current.abs().plus(quantity);
            state.averagePrice = state.averagePrice.times(current.abs()).plus(price.times(quantity)).div(total);
        }
        else {
            const closing = decimal_1.Decimal.min(current.abs(), quantity);
            const perUnit = current.isPositive() ? price.minus(state.averagePrice) : state.averagePrice.minus(price);
            realized = perUnit.times(closing).times(instrument.multiplier);
            state.realizedPnl = state.realizedPnl.plus(realized);
            if (quantity.gt(current.abs()))
                state.averagePrice = price;
            else if (quantity.eq(current.abs()))
                state.averagePrice = decimal_1.Decimal.ZERO;
        }
        state.quantity = current.plus(signed);
        return realized;
    }
    /** Records the latest price for unrealised P&L. */
    mark(symbol, price) {
        const state = this.positions.get(symbol);
        if (state)
            state.mark = price;
    }
    quantityOf(symbol) {
        return this.positions.get(symbol)?.quantity ?? decimal_1.Decimal.ZERO;
    }
    /** Every instrument traded, including flat ones with realised P&L. */
    snapshot(account) {
        return [...this.positions.values()].map((s) => ({
            instrument: s.instrument,
            quantity: s.quantity,
            averagePrice: s.averagePrice,
            realizedPnl: s.realizedPnl,
            unrealizedPnl: s.mark ? s.mark.minus(s.averagePrice).times(s.quantity).times(s.instrument.multiplier) : decimal_1.Decimal.ZERO,
            marketPrice: s.mark,
            account,
        }));
    }
    stateOf(instrument) {
        let state = this.positions.get(instrument.symbol);
        if (!state) {
            state = { instrument, quantity: decimal_1.Decimal.ZERO, averagePrice: decimal_1.Decimal.ZERO, realizedPnl: decimal_1.Decimal.ZERO };
            this.positions.set(instrument.symbol, state);
        }
        return state;
    }
}
exports.PositionLedger = PositionLedger;
//# sourceMappingURL=position-ledger.js.map