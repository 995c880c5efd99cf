import { dec } from '@silvertine/core';
import wire from '../../test/fixtures/wire-protocol.json';
import { decodeWithStoqey } from '../../test/support/stoqey-codec';
import { openOrder, type OpenOrderFields } from './open-order.encoder';
import * as m from './server-messages.encoder';
import type { ContractSpec } from './wire-types';

const examples = wire.example_server_messages;

const AAPL: ContractSpec = {
  conId: 265598,
  symbol: 'AAPL',
  secType: 'STK',
  lastTradeDateOrContractMonth: '',
  exchange: 'SMART',
  primaryExchange: 'NASDAQ',
  currency: 'USD',
  localSymbol: 'AAPL',
  tradingClass: 'NMS',
  minTick: dec('0.01'),
  minSize: dec('1'),
  sizeIncrement: dec('1'),
  longName: 'APPLE INC',
  orderTypes: 'LMT,MKT,STP,STP LMT,TRAIL',
  validExchanges: 'SMART,NASDAQ',
  timeZoneId: 'US/Eastern',
};

const ES: ContractSpec = {
  ...AAPL,
  conId: 495512563,
  symbol: 'ES',
  secType: 'FUT',
  lastTradeDateOrContractMonth: '20261218',
  multiplier: dec('50'),
  exchange: 'CME',
  primaryExchange: 'CME',
  localSymbol: 'ESZ6',
  tradingClass: 'ES',
  minTick: dec('0.25'),
};

/** Decodes with the real client and fails on any decode error (code 505 underrun/leftover). */
function decodeClean(tokens: string[]) {
  const out = decodeWithStoqey(tokens);
  expect(out.errors).toEqual([]);
  return out;
}

describe('server messages match wire-protocol.json examples token for token', () => {
  it.each([
    ['nextValidId', m.nextValidId(1)],
    ['managedAccounts', m.managedAccounts(['DU1234567'])],
    ['farmOk', m.errorMessage(-1, 2104, 'Market data farm connection is OK:usfarm')],
    ['position', m.position('DU1234567', AAPL, dec('100'), dec('150.25'))],
    ['positionEnd', m.positionEnd()],
    ['accountSummary', m.accountSummary(9000, 'DU1234567', 'NetLiquidation', '25000.00', 'USD')],
    ['accountSummaryEnd', m.accountSummaryEnd(9000)],
    ['orderRejected', m.errorMessage(1, 201, 'Order rejected - Reason: YOUR ORDER IS NOT ACCEPTED.')],
    ['orderCancelled', m.errorMessage(1, 202, 'Order Canceled - reason:')],
    ['openOrderEnd', m.openOrderEnd()],
    ['currentTime', m.currentTime(1767268800)],
    ['commissionReport', m.commissionReport('0000e0d5.67890abc.01.01', dec('1.00'), 'USD')],
  ] as const)('%s', (name, tokens) => {
    const expected = (examples as Record<string, unknown>)[name] as string[];
    // Decimal prints canonical strings ("1" for "1.00"); compare numerically where the fixture pads
    if (name === 'commissionReport') {
      expect(tokens.map((t, i) => (i === 3 ? Number(t) : t))).toEqual(expected.map((t, i) => (i === 3 ? Number(t) : t)));
    } else {
      expect(tokens).toEqual(expected);
    }
  });

  it('orderStatus Submitted and Filled', () => {
    const base = { orderId: 1, permId: 123456789, parentId: 0, clientId: 0, whyHeld: '', mktCapPrice: dec(0) };
    expect(
      m.orderStatus({ ...base, status: 'Submitted', filled: dec(0), remaining: dec(100), avgFillPrice: dec(0), lastFillPrice: dec(0) }),
    ).toEqual(examples.orderStatusSubmitted);
    expect(
      m.orderStatus({ ...base, status: 'Filled', filled: dec(100), remaining: dec(0), avgFillPrice: dec('150.25'), lastFillPrice: dec('150.25') }),
    ).toEqual(examples.orderStatusFilled);
  });
});

describe('server messages decode cleanly in @stoqey/ib 1.6.10 at server version 193', () => {
  it('ORDER_STATUS', () => {
    const { events } = decodeClean(
      m.orderStatus({
        orderId: 7, status: 'Filled', filled: dec('10'), remaining: dec('0'), avgFillPrice: dec('101.5'),
        permId: 99, parentId: 6, lastFillPrice: dec('101.5'), clientId: 3, whyHeld: '', mktCapPrice: dec(0),
      }),
    );
    expect(events).toEqual([{ name: 'orderStatus', args: [7, 'Filled', 10, 0, 101.5, 99, 6, 101.5, 3, '', 0] }]);
  });

  it('ERR_MSG: -1 is info, an order id is an error', () => {
    expect(decodeWithStoqey(m.errorMessage(-1, 2104, 'Market data farm connection is OK:usfarm')).infos).toEqual([
      { message: 'Market data farm connection is OK:usfarm', code: 2104 },
    ]);
    expect(decodeWithStoqey(m.errorMessage(5, 110, 'The price does not conform')).errors).toEqual([
      { message: 'The price does not conform', code: 110, reqId: 5 },
    ]);
  });

  it('OPEN_ORDER with every branch the emulator uses (LMT, TRAIL with percent, child of a parent)', () => {
    const base: OpenOrderFields = {
      orderId: 12, contract: ES, action: 'SELL', totalQuantity: dec('2'), orderType: 'TRAIL', tif: 'GTC',
      ocaGroup: 'bracket-11', account: 'DU7654321', orderRef: 'ref', clientId: 4, permId: 1000012, outsideRth: true,
      goodTillDate: '', parentId: 11, ocaType: 3, trailStopPrice: dec('4990.25'), trailingPercent: dec('0.5'),
      status: 'PreSubmitted', commissionCurrency: 'USD',
    };
    const { events } = decodeClean(openOrder(base));
    expect(events).toHaveLength(1);
    const [orderId, contract, order, state] = events[0]!.args as [number, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(orderId).toBe(12);
    expect(contract).toMatchObject({ conId: 495512563, symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218', multiplier: 50, exchange: 'CME', localSymbol: 'ESZ6' });
    expect(order).toMatchObject({
      action: 'SELL', totalQuantity: 2, orderType: 'TRAIL', lmtPrice: undefined, auxPrice: undefined, tif: 'GTC',
      ocaGroup: 'bracket-11', account: 'DU7654321', clientId: 4, permId: 1000012, parentId: 11, ocaType: 3,
      trailStopPrice: 4990.25, trailingPercent: 0.5, outsideRth: true, manualOrderIndicator: undefined,
    });
    expect(state).toMatchObject({ status: 'PreSubmitted', commission: undefined, commissionCurrency: 'USD' });

    const lmt = decodeClean(openOrder({ ...base, orderType: 'LMT', lmtPrice: dec('5000.25'), trailStopPrice: undefined, trailingPercent: undefined, status: 'Filled', commission: dec('1.7') }));
    expect(lmt.events[0]!.args[2]).toMatchObject({ lmtPrice: 5000.25, trailStopPrice: undefined });
    expect(lmt.events[0]!.args[3]).toMatchObject({ status: 'Filled', commission: 1.7 });

    // TRAIL LIMIT: the offset travels in the adjusted-order block, where the client reads it with the stop
    const trailLimit = decodeClean(openOrder({ ...base, orderType: 'TRAIL LIMIT', auxPrice: dec(2), trailingPercent: undefined, lmtPriceOffset: dec('0.25') }));
    expect(trailLimit.events[0]!.args[2]).toMatchObject({ orderType: 'TRAIL LIMIT', auxPrice: 2, lmtPriceOffset: 0.25, trailStopPrice: 4990.25, trailingPercent: undefined });
    expect(lmt.events[0]!.args[2]).toMatchObject({ lmtPriceOffset: undefined });
  });

  it('EXECUTION_DATA and COMMISSION_REPORT', () => {
    const { events } = decodeClean(
      m.executionData(-1, {
        orderId: 12, contract: AAPL, execId: '0001f4e8.6553a1b2.01.01', time: '20260101 14:30:00 UTC', account: 'DU1234567',
        exchange: 'NASDAQ', side: 'BOT', shares: dec('100'), price: dec('150.25'), permId: 1000012, clientId: 3,
        cumQty: dec('100'), avgPrice: dec('150.25'), orderRef: '', lastLiquidity: 2,
      }),
    );
    const [reqId, contract, exec] = events[0]!.args as [number, Record<string, unknown>, Record<string, unknown>];
    expect(reqId).toBe(-1);
    expect(contract).toMatchObject({ conId: 265598, symbol: 'AAPL', exchange: 'NASDAQ', tradingClass: 'NMS' });
    expect(exec).toMatchObject({
      orderId: 12, execId: '0001f4e8.6553a1b2.01.01', acctNumber: 'DU1234567', side: 'BOT', shares: 100, price: 150.25,
      permId: 1000012, clientId: 3, cumQty: 100, avgPrice: 150.25, lastLiquidity: 2, pendingPriceRevision: false,
    });
    const report = decodeClean(m.commissionReport('0001f4e8.6553a1b2.01.01', dec('1'), 'USD', dec('12.5')));
    expect(report.events[0]!.args[0]).toEqual({ execId: '0001f4e8.6553a1b2.01.01', commission: 1, currency: 'USD', realizedPNL: 12.5, yield: undefined, yieldRedemptionDate: 0 });
    expect(decodeClean(m.executionDataEnd(5)).events).toEqual([{ name: 'execDetailsEnd', args: [5] }]);
  });

  it('POSITION, ACCOUNT_SUMMARY, ACCT_VALUE, PORTFOLIO_VALUE, ACCT_UPDATE_TIME, ACCT_DOWNLOAD_END', () => {
    expect(decodeClean(m.position('DU1', ES, dec('-3'), dec('250012.5'))).events[0]!.args).toEqual([
      'DU1', expect.objectContaining({ conId: 495512563, multiplier: 50, exchange: 'CME' }), -3, 250012.5,
    ]);
    expect(decodeClean(m.positionEnd()).events).toEqual([{ name: 'positionEnd', args: [] }]);
    expect(decodeClean(m.accountSummary(3, 'DU1', 'TotalCashValue', '1000000', 'USD')).events[0]!.args).toEqual([3, 'DU1', 'TotalCashValue', '1000000', 'USD']);
    expect(decodeClean(m.accountSummaryEnd(3)).events[0]!.args).toEqual([3]);
    expect(decodeClean(m.accountValue('CashBalance', '1000', 'EUR', 'DU1')).events[0]!.args).toEqual(['CashBalance', '1000', 'EUR', 'DU1']);
    const pv = decodeClean(
      m.portfolioValue({ contract: AAPL, position: dec('10'), marketPrice: dec('151'), marketValue: dec('1510'), averageCost: dec('150.25'), unrealizedPnl: dec('7.5'), realizedPnl: dec('0'), account: 'DU1' }),
    );
    expect(pv.events[0]!.args).toEqual([expect.objectContaining({ conId: 265598, primaryExch: 'NASDAQ' }), 10, 151, 1510, 150.25, 7.5, 0, 'DU1']);
    expect(decodeClean(m.accountUpdateTime('14:30')).events[0]!.args).toEqual(['14:30']);
    expect(decodeClean(m.accountDownloadEnd('DU1')).events[0]!.args).toEqual(['DU1']);
  });

  it('CONTRACT_DATA for a stock and a future, then CONTRACT_DATA_END', () => {
    const stock = decodeClean(m.contractData(8, AAPL)).events[0]!.args as [number, Record<string, unknown>];
    expect(stock[0]).toBe(8);
    expect(stock[1]).toMatchObject({ contract: expect.objectContaining({ conId: 265598, symbol: 'AAPL', primaryExch: 'NASDAQ' }), minTick: 0.01, longName: 'APPLE INC', sizeIncrement: 1, stockType: 'COMMON' });
    const fut = decodeClean(m.contractData(9, ES)).events[0]!.args as [number, Record<string, unknown>];
    expect(fut[1]).toMatchObject({ contract: expect.objectContaining({ lastTradeDateOrContractMonth: '20261218', multiplier: 50 }), contractMonth: '202612', minTick: 0.25 });
    expect(decodeClean(m.contractDataEnd(9)).events).toEqual([{ name: 'contractDetailsEnd', args: [9] }]);
  });

  it('TICK_PRICE emits the price and its size; TICK_SIZE, CURRENT_TIME, NEXT_VALID_ID, MANAGED_ACCTS', () => {
    expect(decodeClean(m.tickPrice(4, m.TickType.ASK, dec('150.26'), dec('300'))).events).toEqual([
      { name: 'tickPrice', args: [4, 2, 150.26, false] },
      { name: 'tickSize', args: [4, 3, 300] },
    ]);
    // the client drops the bid size carried in TICK_PRICE (BID_SIZE is tick type 0, tested for
    // truthiness), which is one reason TWS also sends every size as its own TICK_SIZE
    expect(decodeClean(m.tickPrice(4, m.TickType.BID, dec('150.24'), dec('300'))).events).toEqual([
      { name: 'tickPrice', args: [4, 1, 150.24, false] },
    ]);
    expect(decodeClean(m.tickSize(4, m.TickType.ASK_SIZE, dec('200'))).events).toEqual([{ name: 'tickSize', args: [4, 3, 200] }]);
    expect(decodeClean(m.currentTime(1767268800)).events).toEqual([{ name: 'currentTime', args: [1767268800] }]);
    expect(decodeClean(m.nextValidId(17)).events).toEqual([{ name: 'nextValidId', args: [17] }]);
    expect(decodeClean(m.managedAccounts(['DU1', 'DU2'])).events).toEqual([{ name: 'managedAccounts', args: ['DU1,DU2'] }]);
    expect(decodeClean(m.openOrderEnd()).events).toEqual([{ name: 'openOrderEnd', args: [] }]);
    expect(decodeClean(m.marketDataType(4, 1)).events).toEqual([{ name: 'marketDataType', args: [4, 1] }]);
  });

  it('the harness does catch a layout error (one field too many)', () => {
    const out = decodeWithStoqey([...m.positionEnd(), 'extra']);
    expect(out.errors[0]?.code).toBe(505);
  });
});
