import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { startTwsEmulator, type TwsEmulator } from '../src';
import { SAFETY_NET_MS, waitFor } from './support/wait';

const AAPL: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

/** An IBApi with every event recorded. */
function client(port: number) {
  const api = new IBApi({ host: '127.0.0.1', port });
  const events: { name: string; args: unknown[] }[] = [];
  const codes: number[] = [];
  api.on(EventName.all, (name: string, args: unknown[]) => events.push({ name, args }));
  api.on(EventName.error, (_e: Error, code: number) => codes.push(code));
  api.on(EventName.info, (_m: string, code: number) => codes.push(code));
  api.on(EventName.disconnected, () => events.push({ name: 'disconnected', args: [] }));
  const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.args);
  const connect = async (clientId: number) => {
    api.connect(clientId);
    return waitFor(() => named('nextValidId').at(-1)?.[0] as number | undefined, SAFETY_NET_MS, 'nextValidId');
  };
  return { api, events, codes, named, connect };
}

describe('TWS venue behaviour over the wire', () => {
  let emulator: TwsEmulator;
  const apis: IBApi[] = [];
  const open = (port = emulator.port) => {
    const c = client(port);
    apis.push(c.api);
    return c;
  };

  beforeEach(async () => {
    emulator = await startTwsEmulator({ accounts: ['DU1234567'], cash: { USD: '100000' } });
    emulator.setQuote('AAPL', { bid: '150.00', ask: '150.02' });
  });

  afterEach(async () => {
    for (const api of apis.splice(0)) api.disconnect();
    await emulator.close();
  });

  it('refuses a second connection with a client id in use (326) and closes it', async () => {
    await open().connect(1);
    const second = open();
    second.api.connect(1);
    await waitFor(() => second.codes.includes(326), SAFETY_NET_MS, '326');
    await waitFor(() => second.named('disconnected').length > 0, SAFETY_NET_MS, 'closed');
    expect(second.named('nextValidId')).toEqual([]);
    expect(emulator.connectedClientIds()).toEqual([1]);
  });

  it('rejects a price off the tick (110), a duplicate order id (103), an order beyond cash (201); confirms a cancel (202)', async () => {
    const c = open();
    const id = await c.connect(2);
    c.api.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, lmtPrice: 150.015 });
    await waitFor(() => c.codes.includes(110), SAFETY_NET_MS, '110');
    c.api.placeOrder(id + 1, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, lmtPrice: 140 });
    await waitFor(() => c.named('orderStatus').some((a) => a[0] === id + 1 && a[1] === 'Submitted'), SAFETY_NET_MS, 'resting order');
    c.api.cancelOrder(id + 1, {});
    await waitFor(() => c.codes.includes(202), SAFETY_NET_MS, '202');
    expect(c.named('orderStatus').at(-1)?.slice(0, 2)).toEqual([id + 1, 'Cancelled']);
    c.api.placeOrder(id + 1, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, lmtPrice: 140 });
    await waitFor(() => c.codes.includes(103), SAFETY_NET_MS, '103');
    c.api.placeOrder(id + 2, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1000, lmtPrice: 150 });
    await waitFor(() => c.codes.includes(201), SAFETY_NET_MS, '201');
    c.api.cancelOrder(999, {});
    await waitFor(() => c.codes.includes(10147), SAFETY_NET_MS, '10147');
    expect(c.codes.filter((code) => code < 2100 || code > 2169)).toEqual([110, 202, 103, 201, 10147]);
  });

  it('modifies an open order placed again under the same id', async () => {
    const c = open();
    const id = await c.connect(2);
    c.api.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, lmtPrice: 140 });
    await waitFor(() => c.named('orderStatus').length > 0, SAFETY_NET_MS, 'placed');
    c.api.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 10, lmtPrice: 150.05 });
    await waitFor(() => c.named('orderStatus').some((a) => a[1] === 'Filled'), SAFETY_NET_MS, 'filled after modify');
    expect(emulator.executions().map((e) => e.price.toString())).toEqual(['150.02']);
  });

  it('fills partially against the shown size and completes on the next quote', async () => {
    const c = open();
    const id = await c.connect(2);
    emulator.setQuote('AAPL', { ask: '150.02', askSize: 30 });
    c.api.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100 });
    await waitFor(() => c.named('execDetails').length === 1, SAFETY_NET_MS, 'first fill');
    emulator.setQuote('AAPL', { ask: '150.03', askSize: 500 });
    await waitFor(() => c.named('orderStatus').some((a) => a[1] === 'Filled'), SAFETY_NET_MS, 'filled');
    expect(c.named('execDetails').map((a) => [(a[2] as { shares: number }).shares, (a[2] as { cumQty: number }).cumQty])).toEqual([[30, 30], [70, 100]]);
    expect(c.named('commissionReport').map((a) => (a[0] as { commission: number }).commission)).toEqual([1, 0]);
  });

  it('sends 1100, 1101 and 1102; 1101 drops market data subscriptions', async () => {
    const c = open();
    await c.connect(4);
    c.api.reqMktData(1, AAPL, '', false, false);
    await waitFor(() => c.named('tickPrice').length >= 2, SAFETY_NET_MS, 'ticks');
    emulator.sendSystemMessage(1100);
    emulator.sendSystemMessage(1101);
    emulator.sendSystemMessage(1102);
    await waitFor(() => c.codes.includes(1102), SAFETY_NET_MS, '1102');
    const before = c.named('tickPrice').length;
    emulator.setQuote('AAPL', { bid: '149.00' });
    c.api.reqCurrentTime();
    await waitFor(() => c.named('currentTime').length === 1, SAFETY_NET_MS, 'round trip');
    expect(c.named('tickPrice')).toHaveLength(before);
    expect(c.codes.filter((code) => code >= 1100 && code <= 1102)).toEqual([1100, 1101, 1102]);
  });

  it('restarts like the nightly reset: drops clients, refuses connections, then replays today\'s executions', async () => {
    const c = open();
    const id = await c.connect(6);
    c.api.placeOrder(id, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5 });
    await waitFor(() => c.named('execDetails').length === 1, SAFETY_NET_MS, 'fill');
    const execId = (c.named('execDetails')[0]![2] as { execId: string }).execId;

    // The downtime ends when the test has seen a connection refused, not after a time it might miss.
    let reopen!: () => void;
    const restarting = emulator.restart({ until: new Promise<void>((resolve) => (reopen = resolve)) });
    await waitFor(() => c.named('disconnected').length > 0, SAFETY_NET_MS, 'dropped');
    const refused = open();
    refused.api.connect(7);
    await waitFor(() => refused.codes.includes(502), SAFETY_NET_MS, 'connection refused');
    reopen();
    await restarting;

    const again = open();
    const nextId = await again.connect(6);
    expect(nextId).toBe(id + 1); // order ids survive the restart
    again.api.reqExecutions(3, {});
    await waitFor(() => again.named('execDetailsEnd').length === 1, SAFETY_NET_MS, 'replay');
    expect(again.named('execDetails').map((a) => (a[2] as { execId: string }).execId)).toEqual([execId]);
    expect(again.named('commissionReport').map((a) => (a[0] as { execId: string }).execId)).toEqual([execId]);
  });
});
