import type { Decimal, Liquidity, OrderSide } from '@silvertine/core';
import type { Contract } from '@stoqey/ib';
import { decodeContract } from './contract.decoder';
import {
  decimalField,
  executionSide,
  objectField,
  optionalDecimalField,
  optionalIntField,
  optionalTextField,
  textField,
} from './decode-fields';

/** An execution as TWS reported it, every field checked and numbers read into Decimals (unrounded). */
export interface IbExecutionMessage {
  readonly execId: string;
  /** IB's order id (0 for orders entered in TWS). */
  readonly orderId: number;
  /** The API client that placed the order. */
  readonly clientId?: number;
  readonly permId?: number;
  /** Our clientOrderId, when the order was ours. */
  readonly orderRef?: string;
  readonly account?: string;
  /** BOT → BUY, SLD → SELL: what TWS said, never the order's side. */
  readonly side: OrderSide;
  readonly shares: Decimal;
  readonly price: Decimal;
  /** TWS's cumulative executed quantity of the order after this execution. */
  readonly cumQty?: Decimal;
  readonly time?: string;
  readonly liquidity: Liquidity;
  readonly contract: Contract;
}

/** A commission report: which execution it belongs to, the commission and its currency. */
export interface IbCommissionMessage {
  readonly execId: string;
  readonly commission?: Decimal;
  readonly currency?: string;
}

/** IB's lastLiquidity: 1 added (maker), 2 removed (taker), 3 routed out (taker). */
function liquidityOf(lastLiquidity: unknown): Liquidity {
  const value = typeof lastLiquidity === 'object' && lastLiquidity !== null ? (lastLiquidity as { value?: unknown }).value : lastLiquidity;
  return value === 1 ? 'MAKER' : 'TAKER';
}

/**
 * execDetails(reqId, contract, execution): refuses a side other than BOT/SLD, a non-positive or
 * non-finite size, a price that is not a positive finite number (NaN from "abc", Infinity from "1e400",
 * 0 from an empty field), and ids that are not integers.
 */
export function decodeExecution(contractValue: unknown, executionValue: unknown): IbExecutionMessage {
  const contract = decodeContract(contractValue, 'execution.contract');
  const e = objectField<Record<string, unknown>>(executionValue, 'execution');
  return {
    execId: textField(e.execId, 'execution.execId', true),
    orderId: optionalIntField(e.orderId, 'execution.orderId') ?? 0,
    clientId: optionalIntField(e.clientId, 'execution.clientId'),
    permId: optionalIntField(e.permId, 'execution.permId'),
    orderRef: optionalTextField(e.orderRef, 'execution.orderRef') || undefined,
    account: optionalTextField(e.acctNumber, 'execution.acctNumber') || undefined,
    side: executionSide(e.side, 'execution.side'),
    shares: decimalField(e.shares, 'execution.shares', { positive: true }),
    price: decimalField(e.price, 'execution.price', { positive: true }),
    cumQty: optionalDecimalField(e.cumQty, 'execution.cumQty', { nonNegative: true }),
    time: optionalTextField(e.time, 'execution.time'),
    liquidity: liquidityOf(e.lastLiquidity),
    contract,
  };
}

/** One row of IBApiNext's getExecutionDetails (`{ reqId, contract, execution }`). */
export function decodeExecutionRow(value: unknown): IbExecutionMessage {
  const row = objectField<{ contract?: unknown; execution?: unknown }>(value, 'executionDetail');
  return decodeExecution(row.contract, row.execution);
}

/** commissionReport(report): the execId it joins, a finite commission (IB's unset value is none). */
export function decodeCommissionReport(value: unknown): IbCommissionMessage {
  const report = objectField<Record<string, unknown>>(value, 'commissionReport');
  return {
    execId: textField(report.execId, 'commissionReport.execId', true),
    commission: optionalDecimalField(report.commission, 'commissionReport.commission'),
    currency: optionalTextField(report.currency, 'commissionReport.currency') || undefined,
  };
}
