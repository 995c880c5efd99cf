import { BarSizeSetting, EventName, IBApi, IBApiNext, OrderAction, OrderType, SecType, WhatToShow, type Contract, type OrderState } from '@stoqey/ib';
import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import { startTwsEmulator, type TwsEmulator } from '../src';
import { isDecodeError, SAFETY_NET_MS, waitFor } from './support/wait';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const AAPL: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const ACCOUNT = 'DU1234567';

/** The first value that passes `accept`; the deadline is only a safety net against a stream that never sends it. */
function first<T>(stream: Observable<T>, accept: (value: T) => boolean = () => true): Promise<T> {
  return firstValueFrom(stream.pipe(filter(accept), timeout({ first: SAFETY_NET_MS })));
}

/**
 * Fidelity of the requests TWS answers beyond trading: what-if orders, PnL, completed orders, the
 * "multi" portfolio requests, market rules, user info and matching symbols — each driven through
 * unmodified @stoqey/ib (IBApi for the events IBApiNext 1.6.10 has no method for), and an unserved
 * request, which must get an error rather than silence.
 */
describe('@stoqey/ib requests beyond trading on the emulator', () => {
  let emulator: TwsEmulator;

  beforeEach(async () => {
    emulator = await startTwsEmulator({ accounts: [ACCOUNT], cash: { USD: '100000' } });
    emulator.setQuote('AAPL', { bid: '150.00', ask: '150.02', bidSize: 500, askSize: 500 });
  });

  afterEach(async () => {
    await emulator.close();
  });

  describe('IBApi', () => {
    let api: IBApi;
    const events: { name: string; args: unknown[] }[] = [];
    const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.args);

    beforeEach(async () => {
      events.length = 0;
      api = new IBApi({ host: '127.0.0.1', port: emulator.port });
      api.on(EventName.all, (name: string, args: unknown[]) => events.push({ name, args }));
      api.connect(7);
      await waitFor(() => named('nextValidId')[0]?.[0] as number | undefined, SAFETY_NET_MS, 'nextValidId');
    });

    afterEach(() => {
      api.disconnect();
      expect(events.filter((e) => e.name === 'error' && isDecodeError(String(e.args[0]), Number(e.args[1])))).toEqual([]);
    });

    it('answers a what-if order with the margin and commission estimate and never places it', async () => {
      api.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 150.02, totalQuantity: 100, whatIf: true, account: ACCOUNT });
      const [orderId, , order, state] = await waitFor(() => named('openOrder')[0], SAFETY_NET_MS, 'what-if answer') as [number, Contract, { whatIf: boolean }, OrderState];
      expect(orderId).toBe(1);
      expect(order.whatIf).toBe(true);
      // 100 × 150.02 at the emulator's 25 % stock margin, marked at mid 150.01; commission 100 × 0.005 → the USD 1.00 minimum
      expect(state).toMatchObject({
        initMarginBefore: 0, maintMarginBefore: 0, equityWithLoanBefore: 100000,
        initMarginChange: 3750.25, maintMarginChange: 3750.25, equityWithLoanChange: -2,
        initMarginAfter: 3750.25, maintMarginAfter: 3750.25, equityWithLoanAfter: 99998,
        commission: 1, minCommission: 1, maxCommission: 1, commissionCurrency: 'USD',
      });
      // not placed: no status, no order at the venue, no cash moved, and the id is still free
      api.reqIds(1);
      await waitFor(() => named('nextValidId').length === 2, SAFETY_NET_MS, 'reqIds');
      expect(named('nextValidId')[1]).toEqual([1]);
      expect(named('orderStatus')).toEqual([]);
      expect(emulator.orders()).toEqual([]);
      expect(emulator.positions(ACCOUNT)).toEqual([]);
    });

    it('lists completed orders with their final state', async () => {
      api.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, account: ACCOUNT });
      api.placeOrder(2, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 140, totalQuantity: 5, account: ACCOUNT });
      await waitFor(() => named('orderStatus').some((a) => a[0] === 2 && a[1] === 'Submitted'), SAFETY_NET_MS, 'limit working');
      api.cancelOrder(2, '');
      await waitFor(() => named('orderStatus').some((a) => a[0] === 2 && a[1] === 'Cancelled'), SAFETY_NET_MS, 'cancelled');
      api.reqCompletedOrders(false);
      await waitFor(() => named('completedOrdersEnd').length === 1, SAFETY_NET_MS, 'completedOrdersEnd');
      const completed = named('completedOrder') as [Contract, { orderType: string; totalQuantity: number; filledQuantity: number }, OrderState][];
      expect(completed.map(([c, o, s]) => [c.symbol, o.orderType, o.totalQuantity, o.filledQuantity, s.status])).toEqual([
        ['AAPL', 'MKT', 10, 10, 'Filled'],
        ['AAPL', 'LMT', 5, 0, 'Cancelled'],
      ]);
      expect(completed[1]?.[2]).toMatchObject({ completedStatus: 'Cancelled by Trader', completedTime: expect.stringMatching(/^\d{8} \d{2}:\d{2}:\d{2} UTC$/) });
    });

    it('streams positions and account values per account (multi) and follows a fill', async () => {
      api.reqPositionsMulti(31, ACCOUNT, '');
      api.reqAccountUpdatesMulti(32, ACCOUNT, '', true);
      await waitFor(() => named('positionMultiEnd').length === 1 && named('accountUpdateMultiEnd').length === 1, SAFETY_NET_MS, 'multi ends');
      expect(named('positionMulti')).toEqual([]);
      expect(named('accountUpdateMulti')).toEqual(expect.arrayContaining([[32, ACCOUNT, '', 'NetLiquidation', '100000.00', 'USD']]));
      expect(named('accountUpdateMulti').map((a) => a[3])).not.toContain('BuyingPower'); // ledgerAndNLV: the short form

      api.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, account: ACCOUNT });
      await waitFor(() => named('positionMulti')[0], SAFETY_NET_MS, 'position update');
      expect(named('positionMulti')[0]).toEqual([31, ACCOUNT, '', expect.objectContaining({ conId: 265598 }), 10, 150.12]); // (1,500.20 + 1.00) / 10
      await waitFor(() => named('accountUpdateMulti').find((a) => a[3] === 'TotalCashValue' && a[4] === '98498.80'), SAFETY_NET_MS, 'cash update');
    });

    it('serves market rules named in contract details, user info and an error for an unknown rule', async () => {
      api.reqContractDetails(41, AAPL);
      await waitFor(() => named('contractDetailsEnd').length === 1, SAFETY_NET_MS, 'contract details');
      const details = named('contractDetails')[0]?.[1] as { marketRuleIds: string; contract: { exchange: string } };
      const ids = details.marketRuleIds.split(',');
      expect(ids).toHaveLength(4); // one per valid exchange: SMART,NASDAQ,NYSE,ARCA
      api.reqMarketRule(Number(ids[0]));
      await waitFor(() => named('marketRule').length === 1, SAFETY_NET_MS, 'market rule');
      expect(named('marketRule')[0]).toEqual([Number(ids[0]), [{ lowEdge: 0, increment: 0.01 }]]);

      // no request id to name: TWS-style id -1, which @stoqey/ib reports as an info event
      api.reqMarketRule(4242);
      await waitFor(() => named('info').find((a) => a[1] === 321), SAFETY_NET_MS, 'unknown rule refused');

      api.reqUserInfo(42);
      await waitFor(() => named('userInfo').length === 1, SAFETY_NET_MS, 'user info');
      expect(named('userInfo')[0]).toEqual([42, '']);
    });
  });

  describe('IBApiNext', () => {
    let ib: IBApiNext;
    beforeEach(async () => {
      ib = new IBApiNext({ host: '127.0.0.1', port: emulator.port, logger: silent });
      ib.connect(8);
      await waitFor(() => ib.isConnected, SAFETY_NET_MS, 'connected');
    });

    afterEach(() => {
      ib.disconnect();
    });

    it('streams account PnL and single-position PnL from positions and quotes', async () => {
      const id = await ib.getNextValidOrderId();
      ib.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, account: ACCOUNT });
      await waitFor(() => emulator.positions(ACCOUNT).length === 1, SAFETY_NET_MS, 'position');

      const initial = await first(ib.getPnL(ACCOUNT));
      // bought at 150.02 with 1.00 commission (average cost 150.12), marked at mid 150.01: −1.10
      expect(initial).toEqual({ dailyPnL: -1.1, unrealizedPnL: -1.1, realizedPnL: 0 });
      const single = await first(ib.getPnLSingle(ACCOUNT, '', 265598));
      expect(single).toMatchObject({ position: 10, dailyPnL: -1.1, unrealizedPnL: -1.1, realizedPnL: 0, marketValue: 1500.1 });

      // the quote moves: both streams push the new numbers without being asked again
      // (the filters only pick the pushed update; the first value each stream sends is still the old one)
      const moved = first(ib.getPnL(ACCOUNT), (p) => p.unrealizedPnL !== -1.1);
      const movedSingle = first(ib.getPnLSingle(ACCOUNT, '', 265598), (p) => p.marketValue !== 1500.1);
      emulator.setQuote('AAPL', { bid: '151.00', ask: '151.20' });
      // marked at mid 151.10: 1,511.00 − 1,501.20
      expect(await moved).toEqual({ dailyPnL: 9.8, unrealizedPnL: 9.8, realizedPnL: 0 });
      expect(await movedSingle).toMatchObject({ position: 10, unrealizedPnL: 9.8, marketValue: 1511 });
    });

    it('finds matching symbols in the contract table', async () => {
      const found = await ib.getMatchingSymbols('AAP');
      expect(found.map((d) => [d.contract?.symbol, d.contract?.secType, d.contract?.primaryExch, d.derivativeSecTypes])).toEqual([['AAPL', 'STK', 'NASDAQ', ['OPT']]]);
      const byName = await ib.getMatchingSymbols('micro');
      expect(byName.map((d) => d.contract?.symbol)).toEqual(['MSFT']);
    });

    it('answers user info and market rules through the promise API', async () => {
      await expect(ib.getUserInfo()).resolves.toBe('');
      const details = await ib.getContractDetails({ symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD' });
      const ruleId = Number(details[0]?.marketRuleIds?.split(',')[0]);
      await expect(ib.getMarketRule(ruleId)).resolves.toEqual([{ lowEdge: 0, increment: 0.25 }]);
    });

    it('fails an unserved request at once with an error instead of leaving it to time out', async () => {
      const request = ib.getHistoricalData(AAPL, '', '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 1, 1);
      await expect(request).rejects.toMatchObject({ code: 321, error: expect.objectContaining({ message: expect.stringContaining('not supported by this TWS emulator') }) });
      expect(emulator.unsupportedRequests()).toContain(20);
    });
  });
});
