import type { Decimal } from '@silvertine/core';
import { objectField, optionalDecimalField } from './decode-fields';

/** An account's P&L as TWS's PNL message carries it (IBApiNext's `getPnL`); an unset value is absent. */
export interface IbPnL {
  readonly dailyPnL?: Decimal;
  readonly unrealizedPnL?: Decimal;
  readonly realizedPnL?: Decimal;
}

/** A position's P&L (PNL_SINGLE, IBApiNext's `getPnLSingle`): the account fields plus size and market value. */
export interface IbPnLSingle extends IbPnL {
  readonly position?: Decimal;
  readonly marketValue?: Decimal;
}

/**
 * PNL (tws-api: reqPnL → pnl(reqId, dailyPnL, unrealizedPnL, realizedPnL)): each value a finite number
 * within IB's magnitude, or unset (undefined, or Double.MAX_VALUE, which TWS sends for "not available",
 * e.g. unrealized P&L without market data). NaN, infinities and absurd magnitudes are refused by name.
 */
export function decodePnL(value: unknown, field = 'pnl'): IbPnL {
  const o = objectField<Record<string, unknown>>(value, field);
  return present({
    dailyPnL: optionalDecimalField(o.dailyPnL, `${field}.dailyPnL`),
    unrealizedPnL: optionalDecimalField(o.unrealizedPnL, `${field}.unrealizedPnL`),
    realizedPnL: optionalDecimalField(o.realizedPnL, `${field}.realizedPnL`),
  });
}

/** PNL_SINGLE (reqPnLSingle → pnlSingle(reqId, pos, dailyPnL, unrealizedPnL, realizedPnL, value)). */
export function decodePnLSingle(value: unknown): IbPnLSingle {
  const o = objectField<Record<string, unknown>>(value, 'pnlSingle');
  return present({
    ...decodePnL(value, 'pnlSingle'),
    position: optionalDecimalField(o.position, 'pnlSingle.position'),
    marketValue: optionalDecimalField(o.marketValue, 'pnlSingle.marketValue'),
  });
}

/** The same object without its undefined fields (an unset value is absent, not present as undefined). */
function present<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
