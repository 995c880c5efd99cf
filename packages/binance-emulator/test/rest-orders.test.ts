import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { fixture, keys, signed, types } from './helpers';

describe('REST order endpoints against the documentation fixtures', () => {
  let emu: BinanceEmulator;
  const creds = { apiKey: 'testKey', apiSecret: 'testSecret' };

  beforeEach(async () => {
    emu = await startBinanceEmulator({ ...creds, symbols: ['BTCUSDT', 'ETHUSDT'], balances: { USDT: '100000', BTC: '2' }, prices: { BTCUSDT: '50000', ETHUSDT: '3000' }, levelQty: '1' });
  });
  afterEach(() => emu.close());

  it('answers ACK, RESULT and FULL with the keys and value types of the fixtures', async () => {
    const ack = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000', newOrderRespType: 'ACK' }, creds);
    expect(ack.status).toBe(200);
    expect(keys(ack.body)).toEqual(keys(fixture('order-ack-response')));
    expect(types(ack.body)).toEqual(types(fixture('order-ack-response')));

    const result = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.5', newOrderRespType: 'RESULT' }, creds);
    expect(keys(result.body)).toEqual(keys(fixture('order-result-response')));
    expect(types(result.body)).toEqual(types(fixture('order-result-response')));
    expect(result.body).toMatchObject({ status: 'FILLED', executedQty: '0.50000000', price: '0.00000000', type: 'MARKET' });

    emu.control.setPrice('BTCUSDT', '50000'); // a fresh quote: 1 BTC bid at 49999.99
    const full = await signed<Record<string, unknown> & { fills: Record<string, unknown>[] }>(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '1' }, creds);
    const expected = fixture<Record<string, unknown> & { fills: Record<string, unknown>[] }>('order-full-response');
    expect(keys(full.body)).toEqual(keys(expected));
    expect(full.body.fills).toHaveLength(1);
    expect(keys(full.body.fills[0])).toEqual(keys(expected.fills[0]));
    expect(types(full.body.fills[0])).toEqual(types(expected.fills[0]));
    expect(full.body.fills[0]).toMatchObject({ price: '49999.99000000', qty: '1.00000000', commissionAsset: 'USDT', commission: '49.99999000' });
    expect(full.headers.get('x-mbx-order-count-10s')).toBe('3');
  });

  it('walks several book levels with the built-in book matcher (several fills, as in the FULL example)', async () => {
    const book = await startBinanceEmulator({ ...creds, matcher: 'book', balances: { BTC: '2' }, prices: { BTCUSDT: '50000' }, levelQty: '1' });
    try {
      const full = await signed<{ fills: { price: string; qty: string }[]; status: string }>(book.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '1.5' }, creds);
      expect(full.body.status).toBe('FILLED');
      expect(full.body.fills.map((f) => `${f.qty}@${f.price}`)).toEqual(['1.00000000@49999.99000000', '0.50000000@49999.98000000']);
    } finally {
      await book.close();
    }
  });

  it('matches with the paper engine by default: a market order takes at most the quoted size, the rest expires', async () => {
    const res = await signed<{ fills: unknown[]; status: string; executedQty: string }>(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '1.5' }, creds);
    expect(res.body).toMatchObject({ status: 'EXPIRED', executedQty: '1.00000000' });
    expect(emu.control.balance('BTC').free.toString()).toBe('1');
  });

  it('queries, lists and cancels with fixture-shaped bodies, and reports unknown orders', async () => {
    await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000', newClientOrderId: 'myOrder1' }, creds);
    const q = await signed(emu.url, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'myOrder1' }, creds);
    expect(keys(q.body)).toEqual(keys(fixture('order-query-response')));
    expect(types(q.body)).toEqual(types(fixture('order-query-response')));
    expect(q.body).toMatchObject({ status: 'NEW', price: '49000.00000000', isWorking: true });

    const open = await signed<unknown[]>(emu.url, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, creds);
    expect(open.body).toHaveLength(1);
    expect(keys(open.body[0])).toEqual(keys(fixture<unknown[]>('openOrders')[0]));

    const dup = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000', newClientOrderId: 'myOrder1' }, creds);
    expect(dup).toMatchObject({ status: 400, body: { code: -2010, msg: 'Duplicate order sent.' } });

    const cancel = await signed(emu.url, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'myOrder1', newClientOrderId: 'cancelMyOrder1' }, creds);
    expect(keys(cancel.body)).toEqual(keys(fixture('order-cancel-response')));
    expect(cancel.body).toMatchObject({ status: 'CANCELED', origClientOrderId: 'myOrder1', clientOrderId: 'cancelMyOrder1' });

    expect((await signed(emu.url, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'myOrder1' }, creds)).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await signed(emu.url, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 999 }, creds)).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await signed(emu.url, 'DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, creds)).body).toMatchObject({ code: -2011 });
  });

  it('keeps balances: locked on placement, released on cancel, settled on fill', async () => {
    await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '49000', newClientOrderId: 'b1' }, creds);
    const account = await signed<{ balances: { asset: string; free: string; locked: string }[] }>(emu.url, 'GET', '/api/v3/account', {}, creds);
    expect(keys(account.body)).toEqual(keys(fixture('account')));
    expect(account.body.balances.find((b) => b.asset === 'USDT')).toEqual({ asset: 'USDT', free: '51000.00000000', locked: '49000.00000000' });

    const poor = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '2', price: '49000' }, creds);
    expect(poor).toMatchObject({ status: 400, body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } });

    emu.control.trade('BTCUSDT', '48900', '0.4'); // partial fill at the limit price
    emu.control.setPrice('BTCUSDT', '48000');
    const trades = await signed<Record<string, unknown>[]>(emu.url, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' }, creds);
    expect(trades.body.map((t) => t.qty)).toEqual(['0.40000000', '0.60000000']);
    expect(keys(trades.body[0])).toEqual(keys(fixture<unknown[]>('myTrades')[0]));
    expect(trades.body[0]).toMatchObject({ isMaker: true, isBuyer: true, price: '49000.00000000', commissionAsset: 'BTC' });
    expect(emu.control.balance('USDT').locked.isZero()).toBe(true);
    expect(emu.control.balance('BTC').free.toString()).toBe('2.999');
    const all = await signed<Record<string, unknown>[]>(emu.url, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT' }, creds);
    expect(all.body.map((o) => o.status)).toEqual(['FILLED']);
  });

  it('places an OCO with the documented response and expires the other leg when one fills', async () => {
    const res = await signed<Record<string, unknown> & { orderReports: Record<string, unknown>[] }>(emu.url, 'POST', '/api/v3/orderList/oco', {
      symbol: 'BTCUSDT', side: 'SELL', quantity: '1', aboveType: 'LIMIT_MAKER', abovePrice: '52000', belowType: 'STOP_LOSS_LIMIT', belowPrice: '47000', belowStopPrice: '47500', belowTimeInForce: 'GTC',
    }, creds);
    expect(res.status).toBe(200);
    const expected = fixture<Record<string, unknown> & { orderReports: Record<string, unknown>[] }>('orderList-oco-response');
    expect(keys(res.body)).toEqual(keys(expected));
    expect(keys(res.body.orderReports[1])).toEqual(keys(expected.orderReports[1]));
    expect(emu.control.balance('BTC').locked.toString()).toBe('1');
    emu.control.setPrice('BTCUSDT', '52100');
    const all = await signed<Record<string, unknown>[]>(emu.url, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT' }, creds);
    expect(all.body.map((o) => `${o.type}:${o.status}`)).toEqual(['STOP_LOSS_LIMIT:EXPIRED', 'LIMIT_MAKER:FILLED']);
    expect(emu.control.balance('BTC').locked.isZero()).toBe(true);
    expect(emu.control.balance('BTC').free.toString()).toBe('1');
  });

  it('validates with order/test without placing, and can return commission rates', async () => {
    const ok = await signed(emu.url, 'POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000' }, creds);
    expect(ok).toMatchObject({ status: 200, body: {} });
    const rates = await signed(emu.url, 'POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000', computeCommissionRates: 'true' }, creds);
    expect(keys(rates.body)).toEqual(keys(fixture('order-test-commission-response')));
    const bad = await signed(emu.url, 'POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000.001' }, creds);
    expect(bad.body).toEqual({ code: -1013, msg: 'Filter failure: PRICE_FILTER' });
    expect((await signed<unknown[]>(emu.url, 'GET', '/api/v3/openOrders', {}, creds)).body).toHaveLength(0);
  });

  it('pages myTrades and allOrders as Binance does: most recent without fromId/orderId, >= the id with it', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.1', newClientOrderId: `m${i}` }, creds);
      expect(r.status).toBe(200);
      emu.control.setPrice('BTCUSDT', '50000');
    }
    const ids = async (q: Record<string, string>) => (await signed<{ id: number }[]>(emu.url, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', ...q }, creds)).body.map((t) => t.id);
    const all = await ids({});
    expect(all).toHaveLength(5);
    expect(await ids({ limit: '2' })).toEqual(all.slice(-2));
    expect(await ids({ fromId: String(all[1]), limit: '2' })).toEqual(all.slice(1, 3));
    expect(await ids({ fromId: String(all[4] + 1) })).toEqual([]);
    const orders = async (q: Record<string, string>) => (await signed<{ clientOrderId: string }[]>(emu.url, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSDT', ...q }, creds)).body.map((o) => o.clientOrderId);
    expect(await orders({ limit: '2' })).toEqual(['m3', 'm4']);
    expect(await orders({ orderId: '2', limit: '2' })).toEqual(['m1', 'm2']);
    // closed orders leave the open index; a client id is reusable once its order is closed
    expect((await signed<unknown[]>(emu.url, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, creds)).body).toHaveLength(0);
    const reuse = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '40000', newClientOrderId: 'm0' }, creds);
    expect(reuse.status).toBe(200);
    const dup = await signed(emu.url, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '40000', newClientOrderId: 'm0' }, creds);
    expect(dup.body).toMatchObject({ code: -2010 });
    expect(emu.control.receivedOrders('m0')).toHaveLength(3);
  });
});
