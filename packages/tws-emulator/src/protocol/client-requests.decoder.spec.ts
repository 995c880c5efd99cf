import { dec } from '@silvertine/core';
import wire from '../../test/fixtures/wire-protocol.json';
import { encodeWithStoqey } from '../../test/support/stoqey-codec';
import { decodeClientRequest } from './client-requests.decoder';

import type { Contract, ExecutionFilter, Order } from '@stoqey/ib';

const AAPL = { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' } as Contract;

/** Encodes with the real client and decodes with ours; exactly one message expected. */
function roundTrip(call: Parameters<typeof encodeWithStoqey>[0]) {
  const messages = encodeWithStoqey(call);
  expect(messages).toHaveLength(1);
  return decodeClientRequest(messages[0]!);
}

describe('client requests encoded by @stoqey/ib 1.6.10 decode exactly (no leftover field)', () => {
  it('START_API as wire-protocol.json shows it', () => {
    const layout = wire.outgoing_layouts_at_serverVersion_193['START_API(71)'];
    expect(layout).toHaveLength(4);
    expect(decodeClientRequest(['71', '2', '7', ''])).toEqual({ type: 'START_API', clientId: 7, optionalCapabilities: '' });
  });

  it('PLACE_ORDER: a limit parent held back with transmit=false', () => {
    const order = { action: 'BUY', orderType: 'LMT', totalQuantity: 100, lmtPrice: 150.25, tif: 'GTC', transmit: false, account: 'DU1234567', orderRef: 'strat-1' } as Order;
    const req = roundTrip((e) => e.placeOrder(11, AAPL, order));
    expect(req).toMatchObject({
      type: 'PLACE_ORDER',
      orderId: 11,
      contract: { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' },
      order: { action: 'BUY', orderType: 'LMT', tif: 'GTC', transmit: false, parentId: 0, account: 'DU1234567', orderRef: 'strat-1', whatIf: false },
    });
    if (req.type !== 'PLACE_ORDER') throw new Error('type');
    expect(req.order.totalQuantity?.eq(dec(100))).toBe(true);
    expect(req.order.lmtPrice?.eq(dec('150.25'))).toBe(true);
    expect(req.order.auxPrice).toBeUndefined();
  });

  it('PLACE_ORDER: a trailing stop child with percent, OCA group and default transmit', () => {
    const order = { action: 'SELL', orderType: 'TRAIL', totalQuantity: 100, trailingPercent: 1.5, parentId: 11, ocaGroup: 'oca-11', ocaType: 1, outsideRth: true } as Order;
    const req = roundTrip((e) => e.placeOrder(13, AAPL, order));
    if (req.type !== 'PLACE_ORDER') throw new Error('type');
    expect(req.order).toMatchObject({ orderType: 'TRAIL', parentId: 11, ocaGroup: 'oca-11', ocaType: 1, transmit: true, outsideRth: true });
    expect(req.order.trailingPercent?.eq(dec('1.5'))).toBe(true);
    expect(req.order.lmtPrice).toBeUndefined();
  });

  it('PLACE_ORDER: TRAIL LIMIT with lmtPriceOffset (read from the adjusted-order block), MIT and LIT with their trigger', () => {
    const trail = roundTrip((e) => e.placeOrder(14, AAPL, { action: 'SELL', orderType: 'TRAIL LIMIT', totalQuantity: 5, auxPrice: 2, lmtPriceOffset: 0.15 } as Order));
    if (trail.type !== 'PLACE_ORDER') throw new Error('type');
    expect([trail.order.orderType, trail.order.auxPrice?.toString(), trail.order.lmtPriceOffset?.toString(), trail.order.lmtPrice, trail.order.trailStopPrice]).toEqual(['TRAIL LIMIT', '2', '0.15', undefined, undefined]);
    const zero = roundTrip((e) => e.placeOrder(15, AAPL, { action: 'BUY', orderType: 'TRAIL LIMIT', totalQuantity: 5, trailingPercent: 1, lmtPriceOffset: 0 } as Order));
    if (zero.type !== 'PLACE_ORDER') throw new Error('type');
    expect([zero.order.trailingPercent?.toString(), zero.order.lmtPriceOffset?.toString()]).toEqual(['1', '0']);
    const lit = roundTrip((e) => e.placeOrder(16, AAPL, { action: 'BUY', orderType: 'LIT', totalQuantity: 5, auxPrice: 148, lmtPrice: 148.1 } as Order));
    if (lit.type !== 'PLACE_ORDER') throw new Error('type');
    expect([lit.order.orderType, lit.order.auxPrice?.toString(), lit.order.lmtPrice?.toString(), lit.order.lmtPriceOffset]).toEqual(['LIT', '148', '148.1', undefined]);
  });

  it('PLACE_ORDER: STP LMT with auxPrice on a future, and an algo order with params', () => {
    const es = { symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218', exchange: 'CME', currency: 'USD', multiplier: 50 } as Contract;
    const stp = roundTrip((e) => e.placeOrder(20, es, { action: 'SELL', orderType: 'STP LMT', totalQuantity: 2, auxPrice: 4990.25, lmtPrice: 4989.5 } as Order));
    if (stp.type !== 'PLACE_ORDER') throw new Error('type');
    expect(stp.contract).toMatchObject({ symbol: 'ES', lastTradeDateOrContractMonth: '20261218', exchange: 'CME' });
    expect(stp.contract.multiplier?.eq(dec(50))).toBe(true);
    expect(stp.order.auxPrice?.eq(dec('4990.25'))).toBe(true);
    const algo = roundTrip((e) =>
      e.placeOrder(21, AAPL, { action: 'BUY', orderType: 'LMT', totalQuantity: 1, lmtPrice: 1, algoStrategy: 'Adaptive', algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }] } as Order),
    );
    expect(algo).toMatchObject({ type: 'PLACE_ORDER', orderId: 21 });
  });

  it('CANCEL_ORDER, REQ_IDS, open orders, positions, current time, managed accounts, global cancel', () => {
    expect(roundTrip((e) => e.cancelOrder(11, { manualOrderCancelTime: '' }))).toEqual({ type: 'CANCEL_ORDER', orderId: 11, manualOrderCancelTime: '' });
    expect(roundTrip((e) => e.reqIds(1))).toEqual({ type: 'REQ_IDS', numIds: 1 });
    expect(roundTrip((e) => e.reqOpenOrders())).toEqual({ type: 'REQ_OPEN_ORDERS' });
    expect(roundTrip((e) => e.reqAllOpenOrders())).toEqual({ type: 'REQ_ALL_OPEN_ORDERS' });
    expect(roundTrip((e) => e.reqAutoOpenOrders(true))).toEqual({ type: 'REQ_AUTO_OPEN_ORDERS', autoBind: true });
    expect(roundTrip((e) => e.reqPositions())).toEqual({ type: 'REQ_POSITIONS' });
    expect(roundTrip((e) => e.cancelPositions())).toEqual({ type: 'CANCEL_POSITIONS' });
    expect(roundTrip((e) => e.reqCurrentTime())).toEqual({ type: 'REQ_CURRENT_TIME' });
    expect(roundTrip((e) => e.reqManagedAccts())).toEqual({ type: 'REQ_MANAGED_ACCTS' });
    expect(roundTrip((e) => e.reqGlobalCancel({}))).toEqual({ type: 'REQ_GLOBAL_CANCEL' });
    expect(roundTrip((e) => e.reqMarketDataType(3))).toEqual({ type: 'REQ_MARKET_DATA_TYPE', marketDataType: 3 });
  });

  it('account summary, account updates and their cancels', () => {
    expect(roundTrip((e) => e.reqAccountSummary(9000, 'All', 'NetLiquidation,TotalCashValue'))).toEqual({
      type: 'REQ_ACCOUNT_SUMMARY', reqId: 9000, group: 'All', tags: ['NetLiquidation', 'TotalCashValue'],
    });
    expect(roundTrip((e) => e.cancelAccountSummary(9000))).toEqual({ type: 'CANCEL_ACCOUNT_SUMMARY', reqId: 9000 });
    expect(roundTrip((e) => e.reqAccountUpdates(true, 'DU7654321'))).toEqual({ type: 'REQ_ACCOUNT_UPDATES', subscribe: true, account: 'DU7654321' });
  });

  it('REQ_EXECUTIONS with a filter', () => {
    expect(roundTrip((e) => e.reqExecutions(5, { clientId: 3, acctCode: 'DU1', time: '20260101-00:00:00', symbol: 'AAPL', secType: 'STK', exchange: '', side: 'BUY' } as unknown as ExecutionFilter))).toEqual({
      type: 'REQ_EXECUTIONS', reqId: 5,
      filter: { clientId: 3, account: 'DU1', time: '20260101-00:00:00', symbol: 'AAPL', secType: 'STK', exchange: '', side: 'BUY' },
    });
  });

  it('REQ_CONTRACT_DATA and REQ_MKT_DATA / CANCEL_MKT_DATA', () => {
    const cd = roundTrip((e) => e.reqContractDetails(8, { symbol: 'EUR', secType: 'CASH', currency: 'USD', exchange: 'IDEALPRO' } as Contract));
    expect(cd).toMatchObject({ type: 'REQ_CONTRACT_DETAILS', reqId: 8, contract: { conId: undefined, symbol: 'EUR', secType: 'CASH', currency: 'USD', exchange: 'IDEALPRO' } });
    const md = roundTrip((e) => e.reqMktData(4, AAPL, '233', false, false));
    expect(md).toMatchObject({ type: 'REQ_MKT_DATA', reqId: 4, contract: { conId: 265598 }, genericTicks: '233', snapshot: false });
    expect(roundTrip((e) => e.cancelMktData(4))).toEqual({ type: 'CANCEL_MKT_DATA', reqId: 4 });
  });

  it('rejects a truncated request and passes unknown message ids through', () => {
    expect(() => decodeClientRequest(['8', '1'])).toThrow(/ended/);
    expect(() => decodeClientRequest(['5', '1', 'extra'])).toThrow(/trailing/);
    // scanner parameters carry no request id; historical data carries it first (no version field at 193)
    expect(decodeClientRequest(['24', '1'])).toEqual({ type: 'UNSUPPORTED', messageId: 24, reqId: -1 });
    expect(decodeClientRequest(['20', '9001', '0', 'AAPL'])).toEqual({ type: 'UNSUPPORTED', messageId: 20, reqId: 9001 });
    expect(decodeClientRequest(['20', 'x'])).toEqual({ type: 'UNSUPPORTED', messageId: 20, reqId: -1 });
  });
});
