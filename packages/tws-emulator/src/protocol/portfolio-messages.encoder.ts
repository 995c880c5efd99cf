import type { Decimal } from '@silvertine/core';
import { ServerMessageId as Id } from './message-ids';
import type { Tokens } from './server-messages.encoder';
import type { ContractSpec } from './wire-types';
import { fmtDecimal } from './wire-format';

/**
 * PnL and the "multi" (account/model) portfolio messages at server version 193; layouts from
 * @stoqey/ib 1.6.10 `decodeMsg_PNL`, `decodeMsg_PNL_SINGLE`, `decodeMsg_POSITION_MULTI` and
 * `decodeMsg_ACCOUNT_UPDATE_MULTI` (PnL has no version field; the multi messages carry version 1).
 */

/** PNL: daily, unrealized and realized P&L of an account (all three present at ≥ REALIZED_PNL). */
export function pnl(reqId: number, daily: Decimal, unrealized: Decimal, realized: Decimal): Tokens {
  return [String(Id.PNL), String(reqId), daily.toString(), unrealized.toString(), realized.toString()];
}

/** PNL_SINGLE: one position's size, P&L and market value. */
export function pnlSingle(reqId: number, position: Decimal, daily: Decimal, unrealized: Decimal, realized: Decimal, value: Decimal): Tokens {
  return [String(Id.PNL_SINGLE), String(reqId), position.toString(), daily.toString(), unrealized.toString(), realized.toString(), value.toString()];
}

/** POSITION_MULTI: the POSITION fields plus request id and model code (exchange is the primary). */
export function positionMulti(reqId: number, account: string, c: ContractSpec, quantity: Decimal, avgCost: Decimal, modelCode: string): Tokens {
  return [
    String(Id.POSITION_MULTI), '1', String(reqId), account,
    String(c.conId), c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike === undefined ? '0' : c.strike.toString(), c.right ?? '',
    fmtDecimal(c.multiplier), c.primaryExchange, c.currency, c.localSymbol, c.tradingClass,
    quantity.toString(), avgCost.toString(), modelCode,
  ];
}

/** POSITION_MULTI_END. */
export function positionMultiEnd(reqId: number): Tokens {
  return [String(Id.POSITION_MULTI_END), '1', String(reqId)];
}

/** ACCOUNT_UPDATE_MULTI: one account value of one account/model. */
export function accountUpdateMulti(reqId: number, account: string, modelCode: string, key: string, value: string, currency: string): Tokens {
  return [String(Id.ACCOUNT_UPDATE_MULTI), '1', String(reqId), account, modelCode, key, value, currency];
}

/** ACCOUNT_UPDATE_MULTI_END. */
export function accountUpdateMultiEnd(reqId: number): Tokens {
  return [String(Id.ACCOUNT_UPDATE_MULTI_END), '1', String(reqId)];
}
