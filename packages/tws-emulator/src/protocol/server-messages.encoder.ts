import type { Decimal } from '@silvertine/core';
import { ServerMessageId as Id } from './message-ids';
import type { ContractSpec, TwsOrderStatus } from './wire-types';
import { fmtBool, fmtDecimal, UNSET_DOUBLE } from './wire-format';

/**
 * Encoders for the server→client messages, as token arrays at SERVER_VERSION 193 (frame them with
 * `encodeFrame`). Layouts follow wire-protocol.json and @stoqey/ib 1.6.10's decoder; where a message
 * lost its version field at some server version (ORDER_STATUS ≥131, EXECUTION_DATA ≥136,
 * CONTRACT_DATA ≥164) there is none here.
 */

/** Tokens of one message; the first is the message id. */
export type Tokens = string[];

/** Contract fields in the order OPEN_ORDER, EXECUTION_DATA and POSITION share (exchange varies). */
export function contractTokens(c: ContractSpec, exchange: string = c.exchange): Tokens {
  return [
    String(c.conId),
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    c.strike === undefined ? '0' : c.strike.toString(),
    c.right ?? '',
    fmtDecimal(c.multiplier),
    exchange,
    c.currency,
    c.localSymbol,
    c.tradingClass,
  ];
}

/** NEXT_VALID_ID: the next order id the client may use. */
export function nextValidId(orderId: number): Tokens {
  return [String(Id.NEXT_VALID_ID), '1', String(orderId)];
}

/** MANAGED_ACCTS: comma-separated account codes. */
export function managedAccounts(accounts: readonly string[]): Tokens {
  return [String(Id.MANAGED_ACCTS), '1', accounts.join(',')];
}

/** ERR_MSG (version 2) with the advancedOrderRejectJson field present since server version 166. */
export function errorMessage(id: number, code: number, message: string, advancedOrderRejectJson = ''): Tokens {
  return [String(Id.ERR_MSG), '2', String(id), String(code), message, advancedOrderRejectJson];
}

/** Fields of an ORDER_STATUS message. */
export interface OrderStatusFields {
  readonly orderId: number;
  readonly status: TwsOrderStatus;
  readonly filled: Decimal;
  readonly remaining: Decimal;
  readonly avgFillPrice: Decimal;
  readonly permId: number;
  readonly parentId: number;
  readonly lastFillPrice: Decimal;
  readonly clientId: number;
  readonly whyHeld: string;
  readonly mktCapPrice: Decimal;
}

/** ORDER_STATUS: no version field at server version ≥131 (MARKET_CAP_PRICE). */
export function orderStatus(f: OrderStatusFields): Tokens {
  return [
    String(Id.ORDER_STATUS),
    String(f.orderId),
    f.status,
    f.filled.toString(),
    f.remaining.toString(),
    f.avgFillPrice.toString(),
    String(f.permId),
    String(f.parentId),
    f.lastFillPrice.toString(),
    String(f.clientId),
    f.whyHeld,
    f.mktCapPrice.toString(),
  ];
}

/** OPEN_ORDER_END. */
export function openOrderEnd(): Tokens {
  return [String(Id.OPEN_ORDER_END), '1'];
}

/** Fields of one execution as EXECUTION_DATA reports it. */
export interface ExecutionFields {
  readonly orderId: number;
  readonly contract: ContractSpec;
  readonly execId: string;
  /** "yyyyMMdd HH:mm:ss" plus a time zone, as TWS prints it. */
  readonly time: string;
  readonly account: string;
  readonly exchange: string;
  readonly side: 'BOT' | 'SLD';
  readonly shares: Decimal;
  readonly price: Decimal;
  readonly permId: number;
  readonly clientId: number;
  readonly cumQty: Decimal;
  readonly avgPrice: Decimal;
  readonly orderRef: string;
  /** 1 added liquidity, 2 removed liquidity. */
  readonly lastLiquidity: 1 | 2;
}

/**
 * An execution's fields with side, sizes and prices as raw text, sent verbatim: what a broken or hostile
 * TWS could put on the wire ("abc" for a price, "XYZ" for a side, "" for a size). Fault injection only.
 */
export type ExecutionText = Omit<ExecutionFields, 'side' | 'shares' | 'price' | 'cumQty' | 'avgPrice'> & {
  readonly side: string;
  readonly shares: string;
  readonly price: string;
  readonly cumQty: string;
  readonly avgPrice: string;
};

/** EXECUTION_DATA: no version field at ≥136; reqId -1 for unsolicited executions. */
export function executionData(reqId: number, e: ExecutionFields): Tokens {
  return executionDataText(reqId, { ...e, shares: e.shares.toString(), price: e.price.toString(), cumQty: e.cumQty.toString(), avgPrice: e.avgPrice.toString() });
}

/** EXECUTION_DATA from raw field text (the layout of `executionData`). */
export function executionDataText(reqId: number, e: ExecutionText): Tokens {
  return [
    String(Id.EXECUTION_DATA),
    String(reqId),
    String(e.orderId),
    ...contractTokens(e.contract, e.exchange),
    e.execId,
    e.time,
    e.account,
    e.exchange,
    e.side,
    e.shares,
    e.price,
    String(e.permId),
    String(e.clientId),
    '0', // liquidation
    e.cumQty,
    e.avgPrice,
    e.orderRef,
    '', // evRule
    '', // evMultiplier
    '', // modelCode
    String(e.lastLiquidity),
    fmtBool(false), // pendingPriceRevision (≥178)
  ];
}

/** EXECUTION_DATA_END. */
export function executionDataEnd(reqId: number): Tokens {
  return [String(Id.EXECUTION_DATA_END), '1', String(reqId)];
}

/** COMMISSION_REPORT; realized P&L and yield unset (Double.MAX_VALUE) unless known. */
export function commissionReport(execId: string, commission: Decimal, currency: string, realizedPnl?: Decimal): Tokens {
  return [
    String(Id.COMMISSION_REPORT),
    '1',
    execId,
    commission.toString(),
    currency,
    realizedPnl === undefined ? UNSET_DOUBLE : realizedPnl.toString(),
    UNSET_DOUBLE, // yield
    '', // yieldRedemptionDate
  ];
}

/** COMMISSION_REPORT with the commission as raw text, sent verbatim (fault injection only). */
export function commissionReportText(execId: string, commission: string, currency: string): Tokens {
  return [String(Id.COMMISSION_REPORT), '1', execId, commission, currency, UNSET_DOUBLE, UNSET_DOUBLE, ''];
}

/** POSITION (version 3); the exchange field carries the primary exchange, as TWS does. */
export function position(account: string, contract: ContractSpec, quantity: Decimal, avgCost: Decimal): Tokens {
  return [
    String(Id.POSITION_DATA),
    '3',
    account,
    ...contractTokens(contract, contract.primaryExchange),
    quantity.toString(),
    avgCost.toString(),
  ];
}

/** POSITION_END. */
export function positionEnd(): Tokens {
  return [String(Id.POSITION_END), '1'];
}

/** ACCOUNT_SUMMARY: one tag of one account. */
export function accountSummary(reqId: number, account: string, tag: string, value: string, currency: string): Tokens {
  return [String(Id.ACCOUNT_SUMMARY), '1', String(reqId), account, tag, value, currency];
}

/** ACCOUNT_SUMMARY_END. */
export function accountSummaryEnd(reqId: number): Tokens {
  return [String(Id.ACCOUNT_SUMMARY_END), '1', String(reqId)];
}

/** ACCT_VALUE (version 2): one key of reqAccountUpdates. */
export function accountValue(key: string, value: string, currency: string, account: string): Tokens {
  return [String(Id.ACCT_VALUE), '2', key, value, currency, account];
}

/** Fields of PORTFOLIO_VALUE. */
export interface PortfolioFields {
  readonly contract: ContractSpec;
  readonly position: Decimal;
  readonly marketPrice: Decimal;
  readonly marketValue: Decimal;
  readonly averageCost: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly realizedPnl: Decimal;
  readonly account: string;
}

/** PORTFOLIO_VALUE (version 8). */
export function portfolioValue(f: PortfolioFields): Tokens {
  const c = f.contract;
  return [
    String(Id.PORTFOLIO_VALUE),
    '8',
    String(c.conId),
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    c.strike === undefined ? '0' : c.strike.toString(),
    c.right ?? '',
    fmtDecimal(c.multiplier),
    c.primaryExchange,
    c.currency,
    c.localSymbol,
    c.tradingClass,
    f.position.toString(),
    f.marketPrice.toString(),
    f.marketValue.toString(),
    f.averageCost.toString(),
    f.unrealizedPnl.toString(),
    f.realizedPnl.toString(),
    f.account,
  ];
}

/** ACCT_UPDATE_TIME: "HH:mm". */
export function accountUpdateTime(hhmm: string): Tokens {
  return [String(Id.ACCT_UPDATE_TIME), '1', hhmm];
}

/** ACCT_DOWNLOAD_END. */
export function accountDownloadEnd(account: string): Tokens {
  return [String(Id.ACCT_DOWNLOAD_END), '1', account];
}

/** CONTRACT_DATA at ≥164 (no version field; size rules instead of mdSizeMultiplier). */
export function contractData(reqId: number, c: ContractSpec, marketRuleIds = ''): Tokens {
  const isDerivative = c.secType === 'FUT' || c.secType === 'OPT';
  return [
    String(Id.CONTRACT_DATA),
    String(reqId),
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    c.lastTradeDateOrContractMonth, // lastTradeDate (≥182)
    c.strike === undefined ? '0' : c.strike.toString(),
    c.right ?? '',
    c.exchange,
    c.currency,
    c.localSymbol,
    c.tradingClass, // marketName
    c.tradingClass,
    String(c.conId),
    c.minTick.toString(),
    fmtDecimal(c.multiplier),
    c.orderTypes,
    c.validExchanges,
    '1', // priceMagnifier
    '0', // underConId
    c.longName,
    c.primaryExchange,
    isDerivative ? c.lastTradeDateOrContractMonth.slice(0, 6) : '', // contractMonth
    '', // industry
    '', // category
    '', // subcategory
    c.timeZoneId,
    '', // tradingHours
    '', // liquidHours
    '', // evRule
    '', // evMultiplier
    '0', // secIdList count
    '1', // aggGroup
    isDerivative ? c.symbol : '', // underSymbol
    c.secType === 'OPT' ? 'STK' : c.secType === 'FUT' ? 'IND' : '', // underSecType
    marketRuleIds, // one rule id per valid exchange
    c.secType === 'OPT' || c.secType === 'FUT' ? c.lastTradeDateOrContractMonth : '', // realExpirationDate
    c.secType === 'STK' ? 'COMMON' : '', // stockType
    c.minSize.toString(),
    c.sizeIncrement.toString(),
    c.sizeIncrement.toString(), // suggestedSizeIncrement
    '0', // ineligibilityReasonList count (≥186)
  ];
}

/** CONTRACT_DATA_END. */
export function contractDataEnd(reqId: number): Tokens {
  return [String(Id.CONTRACT_DATA_END), '1', String(reqId)];
}

/** IB tick types the emulator publishes. */
export const TickType = { BID_SIZE: 0, BID: 1, ASK: 2, ASK_SIZE: 3, LAST: 4, LAST_SIZE: 5, CLOSE: 9 } as const;
/** The delayed twins of the quote's tick types (tws-api tick_types.html: 66-71). */
export const DelayedTickType = { BID: 66, ASK: 67, LAST: 68, BID_SIZE: 69, ASK_SIZE: 70, LAST_SIZE: 71 } as const;

/** TICK_PRICE (version 6: price, size and the attribute bit mask). */
export function tickPrice(tickerId: number, tickType: number, price: Decimal, size: Decimal | undefined): Tokens {
  return [String(Id.TICK_PRICE), '6', String(tickerId), String(tickType), price.toString(), fmtDecimal(size), '0'];
}

/** TICK_SIZE (version 6). */
export function tickSize(tickerId: number, tickType: number, size: Decimal): Tokens {
  return [String(Id.TICK_SIZE), '6', String(tickerId), String(tickType), size.toString()];
}

/** MARKET_DATA_TYPE: 1 real-time, 2 frozen, 3 delayed, 4 delayed-frozen. */
export function marketDataType(reqId: number, type: number): Tokens {
  return [String(Id.MARKET_DATA_TYPE), '1', String(reqId), String(type)];
}

/** CURRENT_TIME: epoch seconds. */
export function currentTime(epochSeconds: number): Tokens {
  return [String(Id.CURRENT_TIME), '1', String(epochSeconds)];
}

/** TICK_SNAPSHOT_END: the end of a snapshot market data request. */
export function tickSnapshotEnd(reqId: number): Tokens {
  return ['57', '1', String(reqId)];
}
