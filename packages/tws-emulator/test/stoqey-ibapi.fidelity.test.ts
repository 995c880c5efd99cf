import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract, type Order } from '@stoqey/ib';
import { startTwsEmulator, type TwsEmulator } from '../src';
import { isDecodeError, SAFETY_NET_MS, waitFor } from './support/wait';

/**
 * Fidelity: the plain @stoqey/ib IBApi (no adapter of ours) against the emulator over a real socket.
 */
describe('plain @stoqey/ib IBApi on the emulator', () => {
  let emulator: TwsEmulator;
  let api: IBApi;
  const errors: { message: string; code: number; reqId: number }[] = [];
  const infos: { message: string; code: number }[] = [];
  const events: { name: string; args: unknown[] }[] = [];

  const AAPL: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

  beforeEach(async () => {
    errors.length = 0;
    infos.length = 0;
    events.length = 0;
    emulator = await startTwsEmulator({ accounts: ['DU1234567', 'DU7654321'], cash: { USD: '1000000' } });
    emulator.setQuote('AAPL', { bid: '150.00', ask: '150.02', bidSize: 500, askSize: 500 });
    api = new IBApi({ host: '127.0.0.1', port: emulator.port });
    api.on(EventName.error, (err: Error, code: number, reqId: number) => errors.push({ message: err.message, code, reqId }));
    api.on(EventName.info, (message: string, code: number) => infos.push({ message, code }));
    api.on(EventName.all, (name: string, args: unknown[]) => events.push({ name, args }));
  });

  afterEach(async () => {
    api.disconnect();
    await emulator.close();
  });

  const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.args);

  async function connect(clientId: number): Promise<number> {
    api.connect(clientId);
    return waitFor(() => named('nextValidId')[0]?.[0] as number | undefined, SAFETY_NET_MS, 'nextValidId');
  }

  it('connects: server version 193, nextValidId, managed accounts, farm notices', async () => {
    const nextId = await connect(3);
    expect(nextId).toBe(1);
    expect(api.serverVersion).toBe(193);
    await waitFor(() => infos.some((i) => i.code === 2158), SAFETY_NET_MS, 'farm notices');
    expect(named('managedAccounts')).toEqual([['DU1234567,DU7654321']]);
    expect(infos.map((i) => i.code)).toEqual([2104, 2106, 2158]);
    expect(errors).toEqual([]);
  });

  it('places a bracket order and sees status, executions with commission, positions and the summary', async () => {
    const parentId = await connect(3);
    const parent: Order = { orderId: parentId, action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 100, lmtPrice: 150.05, transmit: false, account: 'DU7654321', tif: 'GTC' };
    const takeProfit: Order = { orderId: parentId + 1, parentId, action: OrderAction.SELL, orderType: OrderType.LMT, totalQuantity: 100, lmtPrice: 151, transmit: false, account: 'DU7654321', tif: 'GTC' };
    const stopLoss: Order = { orderId: parentId + 2, parentId, action: OrderAction.SELL, orderType: OrderType.STP, totalQuantity: 100, auxPrice: 149, transmit: true, account: 'DU7654321', tif: 'GTC' };
    api.placeOrder(parentId, AAPL, parent);
    api.placeOrder(parentId + 1, AAPL, takeProfit);
    api.placeOrder(parentId + 2, AAPL, stopLoss);

    // parent crosses the ask at once; the children start working after it fills
    await waitFor(() => named('commissionReport').length >= 1, SAFETY_NET_MS, 'parent commission');
    const statuses = () => named('orderStatus').map((a) => `${a[0]}:${a[1]}`);
    await waitFor(() => statuses().includes(`${parentId + 2}:Submitted`), SAFETY_NET_MS, 'children working');
    expect(statuses()).toContain(`${parentId}:Filled`);
    expect(statuses()).toContain(`${parentId + 1}:Submitted`);

    const [reqId, contract, exec] = named('execDetails')[0] as [number, Contract, Record<string, unknown>];
    expect(reqId).toBe(-1);
    expect(contract).toMatchObject({ conId: 265598, symbol: 'AAPL' });
    expect(exec).toMatchObject({ orderId: parentId, side: 'BOT', shares: 100, price: 150.02, acctNumber: 'DU7654321', clientId: 3 });
    const [report] = named('commissionReport')[0] as [Record<string, unknown>];
    expect(report).toMatchObject({ execId: exec.execId, commission: 1, currency: 'USD' });

    api.reqPositions();
    await waitFor(() => named('positionEnd').length === 1, SAFETY_NET_MS, 'positionEnd');
    expect(named('position')).toEqual([['DU7654321', expect.objectContaining({ conId: 265598, symbol: 'AAPL' }), 100, 150.03]]);

    api.reqAccountSummary(9001, 'All', 'NetLiquidation,TotalCashValue,AccountType');
    await waitFor(() => named('accountSummaryEnd').length === 1, SAFETY_NET_MS, 'accountSummaryEnd');
    const summary = named('accountSummary').map((a) => a.slice(1, 5).join('|'));
    expect(summary).toEqual(
      expect.arrayContaining([
        'DU1234567|TotalCashValue|1000000.00|USD',
        'DU7654321|TotalCashValue|984997.00|USD', // 1,000,000 − 100 × 150.02 − 1.00 commission
        'DU7654321|AccountType|INDIVIDUAL|',
      ]),
    );

    // the market reaches the take-profit: it fills and the stop-loss (its OCA sibling) is cancelled
    emulator.setQuote('AAPL', { bid: '151.00', ask: '151.02' });
    await waitFor(() => statuses().includes(`${parentId + 2}:Cancelled`), SAFETY_NET_MS, 'stop-loss cancelled');
    expect(statuses()).toContain(`${parentId + 1}:Filled`);
    expect(errors.filter((e) => e.code !== 202)).toEqual([]);
    expect(errors.map((e) => `${e.reqId}:${e.code}`)).toEqual([`${parentId + 2}:202`]);
    expect(emulator.positions('DU7654321')).toEqual([]);
    expect(events.filter((e) => e.name === 'error' && isDecodeError(String(e.args[0]), Number(e.args[1])))).toEqual([]);
  });

  it('answers open orders, executions, contract details, market data and current time without decode errors', async () => {
    const id = await connect(5);
    api.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, lmtPrice: 140 });
    api.placeOrder(id + 1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10 });
    await waitFor(() => named('commissionReport').length === 1, SAFETY_NET_MS, 'market fill');

    events.length = 0;
    api.reqOpenOrders();
    await waitFor(() => named('openOrderEnd').length === 1, SAFETY_NET_MS, 'openOrderEnd');
    expect(named('openOrder').map((a) => a[0])).toEqual([id]);

    api.reqExecutions(77, {});
    await waitFor(() => named('execDetailsEnd').length === 1, SAFETY_NET_MS, 'execDetailsEnd');
    expect(named('execDetails').map((a) => [a[0], (a[2] as { orderId: number }).orderId])).toEqual([[77, id + 1]]);
    expect(named('commissionReport')).toHaveLength(1);

    api.reqContractDetails(78, { symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD' });
    await waitFor(() => named('contractDetailsEnd').length === 1, SAFETY_NET_MS, 'contractDetailsEnd');
    expect(named('contractDetails')[0]?.[1]).toMatchObject({ contract: expect.objectContaining({ localSymbol: 'ESZ6', multiplier: 50 }), minTick: 0.25 });

    api.reqMktData(79, AAPL, '', false, false);
    await waitFor(() => named('tickPrice').length >= 2, SAFETY_NET_MS, 'ticks');
    emulator.setQuote('AAPL', { last: '150.01', lastSize: 20 });
    await waitFor(() => named('tickPrice').some((a) => a[1] === 4), SAFETY_NET_MS, 'last tick');
    expect(named('tickPrice').map((a) => [a[1], a[2]])).toEqual([[1, 150], [2, 150.02], [4, 150.01]]);

    const asked = Date.now();
    api.reqCurrentTime();
    await waitFor(() => named('currentTime').length === 1, SAFETY_NET_MS, 'currentTime');
    // epoch seconds, read between the request and its answer (however long the round trip took)
    const seconds = named('currentTime')[0]![0] as number;
    expect(seconds).toBeGreaterThanOrEqual(Math.floor(asked / 1000));
    expect(seconds).toBeLessThanOrEqual(Date.now() / 1000);
    expect(errors).toEqual([]);
  });
  it('works TRAIL LIMIT, MIT and LIT sent by plain IBApi: open orders report them (lmtPriceOffset too), fills at hand-worked prices', async () => {
    const id = await connect(6);
    // bid 150.00: the trail's stop starts at 149, its limit will sit 0.10 below the stop
    api.placeOrder(id, AAPL, { action: OrderAction.SELL, orderType: OrderType.TRAIL_LIMIT, totalQuantity: 10, auxPrice: 1, lmtPriceOffset: 0.1, tif: 'GTC' });
    api.placeOrder(id + 1, AAPL, { action: OrderAction.SELL, orderType: OrderType.MIT, totalQuantity: 10, auxPrice: 152, tif: 'GTC' });
    api.placeOrder(id + 2, AAPL, { action: OrderAction.BUY, orderType: OrderType.LIT, totalQuantity: 10, auxPrice: 149, lmtPrice: 148.95, tif: 'GTC' });
    // a TRAIL LIMIT with neither lmtPriceOffset nor lmtPrice + trailStopPrice has no limit to work
    api.placeOrder(id + 3, AAPL, { action: OrderAction.SELL, orderType: OrderType.TRAIL_LIMIT, totalQuantity: 10, auxPrice: 1, tif: 'GTC' });
    await waitFor(() => errors.some((e) => e.reqId === id + 3), SAFETY_NET_MS, 'TRAIL LIMIT without offset refused');
    expect(errors.map((e) => [e.reqId, e.code])).toEqual([[id + 3, 201]]);

    events.length = 0; // TWS also pushed each order on placement: count only the answer to the request
    api.reqOpenOrders();
    await waitFor(() => named('openOrderEnd').length === 1, SAFETY_NET_MS, 'openOrderEnd');
    const open = named('openOrder').map((a) => a[2] as Order);
    expect(open.map((o) => [o.orderType, o.auxPrice, o.lmtPrice, o.lmtPriceOffset])).toEqual([
      ['TRAIL LIMIT', 1, undefined, 0.1],
      ['MIT', 152, undefined, undefined],
      ['LIT', 149, 148.95, undefined],
    ]);

    const execs = () => named('execDetails').map((a) => a[2] as { orderId: number; side: string; shares: number; price: number; execId: string });
    // bid 152.00 ≥ 152: the MIT sells at the bid; the trail's stop follows the high up to 151
    emulator.setQuote('AAPL', { bid: '152.00', ask: '152.02' });
    await waitFor(() => execs().length === 1, SAFETY_NET_MS, 'MIT fill');
    // bid 150.90 ≤ 151 triggers the trail; its limit 151 − 0.10 = 150.90 is met by the bid
    emulator.setQuote('AAPL', { bid: '150.90', ask: '150.92' });
    await waitFor(() => execs().length === 2, SAFETY_NET_MS, 'TRAIL LIMIT fill');
    // ask 148.94 ≤ 149 triggers the LIT buy; the ask is inside its 148.95 limit, so it takes the ask
    emulator.setQuote('AAPL', { bid: '148.90', ask: '148.94' });
    await waitFor(() => execs().length === 3 && named('commissionReport').length === 3, SAFETY_NET_MS, 'LIT fill and commissions');
    expect(execs().map((e) => [e.orderId, e.side, e.shares, e.price])).toEqual([
      [id + 1, 'SLD', 10, 152],
      [id, 'SLD', 10, 150.9],
      [id + 2, 'BOT', 10, 148.94],
    ]);
    const commissions = named('commissionReport').map((a) => a[0] as { execId: string; commission: number });
    expect(commissions.map((c) => c.commission)).toEqual([1, 1, 1]);
    expect(commissions.map((c) => c.execId)).toEqual(execs().map((e) => e.execId));
    expect(events.filter((e) => e.name === 'error' && isDecodeError(String(e.args[0]), Number(e.args[1])))).toEqual([]);
  });
});
