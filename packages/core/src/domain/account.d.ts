import type { Decimal } from '../decimal/decimal';
import type { Instrument } from './instrument';
/** A holding in one instrument. Quantity is signed: positive long, negative short. */
export interface BrokerPosition {
    readonly instrument: Instrument;
    readonly quantity: Decimal;
    readonly averagePrice: Decimal;
    readonly realizedPnl: Decimal;
    readonly unrealizedPnl: Decimal;
    /** Last mark used for unrealizedPnl, when known. */
    readonly marketPrice?: Decimal;
    readonly account?: string;
}
/** A cash or coin balance. total = free + locked. */
export interface BrokerBalance {
    readonly asset: string;
    readonly free: Decimal;
    readonly locked: Decimal;
    readonly total: Decimal;
}
export type AccountType = 'CASH' | 'MARGIN';
export interface BrokerAccountInfo {
    readonly accountId: string;
    readonly accountType: AccountType;
    readonly baseCurrency: string;
    readonly equity: Decimal;
    readonly buyingPower: Decimal;
    readonly marginUsed: Decimal;
    readonly marginAvailable: Decimal;
    readonly balances: readonly BrokerBalance[];
    readonly positions: readonly BrokerPosition[];
    readonly updatedAt: number;
}
/** Shorter aliases. */
export type Position = BrokerPosition;
export type Balance = BrokerBalance;
export type AccountInfo = BrokerAccountInfo;
