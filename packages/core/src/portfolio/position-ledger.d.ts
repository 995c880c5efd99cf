import { Decimal } from '../decimal/decimal';
import type { BrokerPosition } from '../domain/account';
import type { Instrument } from '../domain/instrument';
import type { OrderSide } from '../domain/order';
/**
 * Net positions from fills, with average-cost accounting: adding to a position moves the average price,
 * reducing it realises (price - average) × quantity × multiplier, and crossing through zero opens the
 * remainder at the fill price.
 */
export declare class PositionLedger {
    private readonly positions;
    /** Applies one execution; returns the P&L it realised (zero when it only added). */
    apply(instrument: Instrument, side: OrderSide, quantity: Decimal, price: Decimal): Decimal;
    /** Records the latest price for unrealised P&L. */
    mark(symbol: string, price: Decimal): void;
    quantityOf(symbol: string): Decimal;
    /** Every instrument traded, including flat ones with realised P&L. */
    snapshot(account?: string): BrokerPosition[];
    private stateOf;
}
