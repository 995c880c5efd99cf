import { ManualClock } from '@silvertine/core/testing';
import { dec, InsufficientFundsError, OrderNotFoundError, UnknownOrderStatusError, VenuePayloadError } from '@silvertine/core';
import { eventually, orderStatus, SAFETY_NET_MS } from './emulator-harness';
import { balancesSettled, nextPayloadError, startHostileVenue, stateOf, tradesCorrectly, type HostileVenue } from './hostile-venue';

/**
 * A hostile venue forges REST answers (the emulator still behind it). Error bodies under HTTP 200 are the
 * errors they carry; an acknowledgement without an order id is an unknown outcome resolved by query;
 * malformed account, price, exchangeInfo and reconciliation answers fail with a VenuePayloadError and
 * change nothing.
 */
describe.each(['got', 'undici'] as const)('hostile REST answers over %s', (transport) => {
  let v: HostileVenue;

  beforeAll(async () => {
    v = await startHostileVenue({ transport });
  });
  afterAll(() => v.close());
  afterEach(() => tradesCorrectly(v));

  const limit = (clientOrderId: string) => ({ instrument: v.btc, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('45000'), clientOrderId });

  it('treats HTTP 200 with {"code":-2010} as the rejection it carries, not as ACCEPTED', async () => {
    v.proxy.answerNext({ method: 'POST', path: '/api/v3/order', body: '{"code":-2010,"msg":"Account has insufficient balance for requested action."}' });
    const id = `ok200-${transport}`;
    const attempt = v.broker.placeOrder(limit(id));
    await expect(attempt).rejects.toBeInstanceOf(InsufficientFundsError);
    await expect(attempt).rejects.toMatchObject({ venueCode: -2010 });
    const order = (await v.broker.getOrder(id))!;
    expect(order.status).toBe('REJECTED');
    expect(order.venueOrderId).toBeUndefined();
  });

  it('treats HTTP 200 with an unknown error code on an order as an unknown outcome, resolved by query', async () => {
    v.proxy.answerNext({ method: 'POST', path: '/api/v3/order', forward: true, body: () => '{"code":-9999,"msg":"something new"}' });
    const id = `odd200-${transport}`;
    const accepted = orderStatus(v, id, 'ACCEPTED');
    await expect(v.broker.placeOrder(limit(id))).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await accepted).venueOrderId).toMatch(/^\d+$/);
    expect(v.emulator.control.receivedOrders(id)).toHaveLength(1);
  });

  it('does not accept an acknowledgement without an order id: UNKNOWN, then resolved by query with the real id', async () => {
    const id = `noid-${transport}`;
    v.proxy.answerNext({ method: 'POST', path: '/api/v3/order', forward: true, body: (real) => JSON.stringify({ ...JSON.parse(real), orderId: undefined }) });
    const refused = nextPayloadError(v, 'POST /api/v3/order');
    const accepted = orderStatus(v, id, 'ACCEPTED');
    const attempt = v.broker.placeOrder(limit(id));
    await expect(attempt).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await refused).message).toMatch(/orderId must be an integer/);
    const order = await accepted;
    expect(order.venueOrderId).toMatch(/^\d+$/);
    expect(order.venueOrderId).not.toBe('undefined');
    expect(v.emulator.control.receivedOrders(id)).toHaveLength(1);
  });

  it('does not take an acknowledgement of another order for its own', async () => {
    const id = `other-${transport}`;
    v.proxy.answerNext({ method: 'POST', path: '/api/v3/order', forward: true, body: (real) => JSON.stringify({ ...JSON.parse(real), clientOrderId: 'someone-else' }) });
    const accepted = orderStatus(v, id, 'ACCEPTED');
    await expect(v.broker.placeOrder(limit(id))).rejects.toBeInstanceOf(UnknownOrderStatusError);
    await accepted;
    expect(v.emulator.control.receivedOrders(id)).toHaveLength(1);
  });

  it('treats HTTP 200 with {"code":-2011} on a cancel as the refusal it is: the order stays open', async () => {
    const order = await v.broker.placeOrder(limit(`cxl-${transport}`));
    v.proxy.answerNext({ method: 'DELETE', path: '/api/v3/order', body: '{"code":-2011,"msg":"Unknown order sent."}' });
    await expect(v.broker.cancelOrder(order.clientOrderId)).rejects.toBeInstanceOf(OrderNotFoundError);
    expect((await v.broker.getOrder(order.clientOrderId))!.status).toBe('ACCEPTED');
  });

  it.each([
    ['a negative balance', '{"balances":[{"asset":"USDT","free":"1","locked":"0"},{"asset":"BTC","free":"-3","locked":"0"}]}', /balances\[\]\.free must be an unsigned decimal/],
    ['a non-numeric balance', '{"balances":[{"asset":"BTC","free":"lots","locked":"0"}]}', /balances\[\]\.free must be/],
    ['balances: null', '{"balances":null}', /balances must be an array/],
    ['a null account', 'null', /account must be an object/],
  ])('keeps the balance cache when the account answer has %s, failing with a VenuePayloadError', async (_name, body, names) => {
    await balancesSettled(v);
    const before = await stateOf(v);
    v.proxy.answerNext({ method: 'GET', path: '/api/v3/account', body });
    const attempt = v.broker.getBalances();
    await expect(attempt).rejects.toBeInstanceOf(VenuePayloadError);
    await expect(attempt).rejects.toMatchObject({ code: 'VENUE_PAYLOAD', message: expect.stringMatching(names) });
    expect(await stateOf(v)).toBe(before);
  });

  it('refuses a malformed open-orders or trades answer during reconciliation with a VenuePayloadError', async () => {
    v.proxy.answerNext({ method: 'GET', path: '/api/v3/openOrders', body: '[{"symbol":"BTCUSDT","orderId":"1e999999999","clientOrderId":"x"}]' });
    await expect(v.broker.venueState().openOrders()).rejects.toMatchObject({ code: 'VENUE_PAYLOAD', message: expect.stringMatching(/orderId must be an integer/) });
    v.proxy.answerNext({ method: 'GET', path: '/api/v3/myTrades', body: '[{"symbol":"BTCUSDT","id":1,"orderId":2,"price":"NaN","qty":"1","commission":"0","commissionAsset":"BTC","time":1,"isBuyer":true,"isMaker":false}]' });
    await expect(v.broker.venueState().recentFills(0)).rejects.toMatchObject({ code: 'VENUE_PAYLOAD', message: expect.stringMatching(/trades\[\]\.price must be/) });
  });

  it.each([
    ['a ticker price of "1e999999999"', 'GET', '/api/v3/ticker/price', '[{"symbol":"BTCUSDT","price":"1e999999999"},{"symbol":"ETHUSDT","price":"3000"}]', /prices\[\]\.price must be/],
    ['an exchangeInfo without symbols', 'GET', '/api/v3/exchangeInfo', '{"serverTime":1,"rateLimits":[]}', /symbols must be an array/],
    ['an exchangeInfo tick size of "-0.01"', 'GET', '/api/v3/exchangeInfo', '{"symbols":[{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","filters":[{"filterType":"PRICE_FILTER","tickSize":"-0.01"}]}]}', /filters\[\]\.tickSize must be/],
    ['a server time that is a string', 'GET', '/api/v3/time', '{"serverTime":"soon"}', /serverTime must be an integer/],
  ] as const)('fails to connect at once on %s, with a VenuePayloadError, and connects on the next try', async (_name, method, path, body, names) => {
    await v.broker.disconnect();
    v.proxy.answerNext({ method, path, body });
    const attempt = v.broker.connect();
    await expect(attempt).rejects.toBeInstanceOf(VenuePayloadError);
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(names) });
    expect(v.broker.state).toBe('ERROR');
    await v.broker.connect();
    expect(v.broker.state).toBe('CONNECTED');
    await balancesSettled(v);
  });
});

/**
 * The request deadline under test runs on a ManualClock (broker, its transport and the emulator): the
 * acknowledgement is provably under way when the clock reaches it, however slowly the machine trickles.
 */
describe.each(['got', 'undici'] as const)('a trickling acknowledgement over %s', (transport) => {
  let v: HostileVenue;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    v = await startHostileVenue({ transport, requestTimeoutMs: 2_000, unknownOrderCheckDelayMs: 50 }, clock);
  });
  afterAll(() => v.close());
  afterEach(() => tradesCorrectly(v));

  it('fails an order whose acknowledgement trickles in at its deadline: UNKNOWN, then resolved by query', async () => {
    const id = `trickle-${transport}`;
    v.proxy.answerNext({ method: 'POST', path: '/api/v3/order', forward: true, trickleMs: 200, body: (real) => real });
    const accepted = orderStatus(v, id, 'ACCEPTED');
    const started = v.proxy.trickledBytes;
    const attempt = v.broker.placeOrder({ instrument: v.btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000'), clientOrderId: id });
    await eventually(() => v.proxy.trickledBytes >= started + 2, SAFETY_NET_MS, 'the acknowledgement trickling');
    clock.advance(2_000);
    await expect(attempt).rejects.toBeInstanceOf(UnknownOrderStatusError);
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'TIMEOUT' }) });
    clock.advance(50); // the unknown-order check: it asks the venue
    expect((await accepted).venueOrderId).toMatch(/^\d+$/);
    expect(v.emulator.control.receivedOrders(id)).toHaveLength(1);
  });
});
