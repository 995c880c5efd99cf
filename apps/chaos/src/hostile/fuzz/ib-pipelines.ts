import { dec, isBrokerError, type BrokerBalance, type Fill, type Instrument } from '@silvertine/core';
import {
  decodeAccountSummary, decodeCommissionReport, decodeContractDetails, decodeErrorEvent, decodeExecution, decodeOpenOrder, decodeOrderStatus,
  decodePosition, fromContractDetails, toBalances, toBrokerError, toFill, toPosition, toVenueOrder,
} from '@silvertine/ib/testing';
import type { Pipeline } from './fuzz-attack';

const REFUSALS = ['IbPayloadError'];
const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

/**
 * IB payloads are @stoqey/ib objects (it decodes the wire; fixtures/ib/wire-protocol.json documents the
 * fields): these seeds are what it hands the adapter for the TWS emulator's messages of an AAPL order.
 */
const CONTRACT = { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'NASDAQ', primaryExch: 'NASDAQ', currency: 'USD', localSymbol: 'AAPL', tradingClass: 'NMS' };
const EXECUTION = {
  execId: '0000e0d5.67a1b2c3.01.01', time: '20261205 15:00:00 UTC', acctNumber: 'DU1234567', exchange: 'NASDAQ', side: 'BOT', shares: 10, price: 140.5,
  permId: 1234567, clientId: 7, orderId: 11, liquidation: 0, cumQty: 10, avgPrice: 140.5, orderRef: 'ib1', lastLiquidity: { value: 1 },
};
const COMMISSION = { execId: '0000e0d5.67a1b2c3.01.01', commission: 1.0, currency: 'USD', realizedPNL: 1.7976931348623157e308 };
const OPEN_ORDER = {
  orderId: 11, contract: CONTRACT,
  order: { clientId: 7, permId: 1234567, orderRef: 'ib1', account: 'DU1234567', action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: 140, tif: 'GTC' },
  orderState: { status: 'Submitted' }, orderStatus: { status: 'Submitted', filled: 0, remaining: 10, avgFillPrice: 0 },
};

/** An account summary as nested plain objects (mutable by the fuzzer), turned into @stoqey/ib's maps. */
const SUMMARY = { CashBalance: { USD: { value: '1000000.00' } }, NetLiquidation: { USD: { value: '1000000.00' } }, AccountType: { '': { value: 'INDIVIDUAL' } } };
function asMaps(value: unknown): unknown {
  const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!plain(value)) return value;
  return new Map(Object.entries(value).map(([tag, byCurrency]) => [tag, plain(byCurrency) ? new Map(Object.entries(byCurrency)) : byCurrency]));
}

function badFill(f: Fill): string | undefined {
  if (!f.tradeId) return 'a fill without an execId';
  if (!f.quantity.isPositive() || !f.price.isPositive()) return `a fill of ${f.quantity.toString()} at ${f.price.toString()}`;
  return undefined;
}

/** Decoder + mapper pipelines of the IB adapter. */
export const IB_PIPELINES: readonly Pipeline[] = [
  {
    id: 'ib-execution', source: 'an execDetails (contract, execution) and its commission report', refusals: REFUSALS,
    seeds: [{ contract: CONTRACT, execution: EXECUTION, commission: COMMISSION }],
    run: (p) => {
      const x = (p ?? {}) as { contract?: unknown; execution?: unknown; commission?: unknown };
      return toFill(decodeExecution(x.contract, x.execution), x.commission === undefined ? undefined : decodeCommissionReport(x.commission), { clientOrderId: 'ib1', instrument: AAPL, receivedAt: 0 });
    },
    check: (v) => badFill(v as Fill),
  },
  {
    id: 'ib-order-status', source: 'an orderStatus (orderId, status, clientId)', refusals: REFUSALS, seeds: [[11, 'Submitted', 7]],
    run: (p) => {
      const [orderId, status, clientId] = Array.isArray(p) ? p : [p, undefined, undefined];
      return decodeOrderStatus(orderId, status, clientId);
    },
  },
  {
    id: 'ib-open-order', source: 'an openOrder (order, orderState, orderStatus)', refusals: REFUSALS, seeds: [OPEN_ORDER],
    run: (p) => toVenueOrder(decodeOpenOrder(p), { clientOrderId: 'ib1', instrument: AAPL, now: 0 }),
    check: (v) => {
      const o = v as ReturnType<typeof toVenueOrder>;
      return o && (!o.request.quantity.isPositive() || o.filledQuantity.isNegative()) ? `an order of ${o.request.quantity.toString()} filled ${o.filledQuantity.toString()}` : undefined;
    },
  },
  {
    id: 'ib-position', source: 'a position (account, contract, pos, avgCost)', refusals: REFUSALS, seeds: [{ account: 'DU1234567', contract: CONTRACT, pos: 10, avgCost: 150.25 }],
    run: (p) => toPosition(decodePosition(p), AAPL),
  },
  {
    id: 'ib-contract-details', source: 'contractDetails of AAPL', refusals: REFUSALS, seeds: [{ contract: { ...CONTRACT, exchange: 'SMART' }, minTick: 0.01, sizeIncrement: 1, minSize: 1, longName: 'APPLE INC' }],
    run: (p) => fromContractDetails(decodeContractDetails(p)),
  },
  {
    id: 'ib-account-summary', source: 'an account summary (CashBalance, NetLiquidation, AccountType)', refusals: REFUSALS, seeds: [SUMMARY],
    run: (p) => toBalances(decodeAccountSummary(asMaps(p))),
    check: (v) => ((v as BrokerBalance[]).some((b) => !b.asset) ? 'a balance without a currency' : undefined),
  },
  {
    id: 'ib-error', source: 'an error event (message, code, reqId) mapped to a BrokerError', refusals: REFUSALS, seeds: [['Order rejected - reason:', 201, 11]],
    run: (p) => {
      const [message, code, reqId] = Array.isArray(p) ? p : [p, undefined, undefined];
      const e = decodeErrorEvent(message, code, reqId);
      return toBrokerError(e.code, e.message);
    },
    check: (v) => (isBrokerError(v) ? undefined : 'an IB error mapped to something other than a BrokerError'),
  },
];
