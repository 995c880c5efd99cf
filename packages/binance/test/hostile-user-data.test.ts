import { dec, type Order } from '@silvertine/core';
import { balancesSettled, nextPayloadError, startHostileVenue, stateOf, tradesCorrectly, type HostileVenue } from './hostile-venue';

/**
 * A hostile venue pushes malformed user-data frames on the broker's own WebSocket API connection. Each
 * must be refused with a VenuePayloadError naming what is wrong, change no order, fill or balance, and
 * leave the broker CONNECTED and trading.
 */
describe('hostile user-data frames (WebSocket API through a hostile proxy in front of the emulator)', () => {
  let v: HostileVenue;
  let resting: Order;

  beforeAll(async () => {
    v = await startHostileVenue();
    resting = await v.broker.placeOrder({ instrument: v.btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000') });
    await balancesSettled(v);
  });
  afterAll(() => v.close());

  const frame = (event: unknown) => JSON.stringify({ subscriptionId: 0, event });
  /** A well-formed partial fill of our resting order, with `over` replacing fields. */
  const tradeReport = (over: Record<string, unknown>) => frame({
    e: 'executionReport', E: 1, s: 'BTCUSDT', c: resting.clientOrderId, S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.01000000', p: '45000.00',
    C: '', x: 'TRADE', X: 'PARTIALLY_FILLED', r: 'NONE', i: Number(resting.venueOrderId), l: '0.00500000', z: '0.00500000', L: '45000.00',
    n: '0', N: 'BTC', T: 1, t: 987_654, m: true, ...over,
  });

  const attacks: ReadonlyArray<readonly [name: string, text: () => string, kind: string, names: RegExp]> = [
    ['a null frame', () => 'null', 'user-data', /frame must be an object/],
    ['an array frame', () => '[]', 'user-data', /frame must be an object/],
    ['a string frame', () => '"x"', 'user-data', /frame must be an object/],
    ['a frame that is not JSON', () => '{"e":"executionReport",', 'user-data', /frame must be JSON/],
    ['an envelope with a null event', () => frame(null), 'user-data', /event must be an object/],
    ['an executionReport with no fields', () => frame({ e: 'executionReport' }), 'executionReport', /\bc must be a string/],
    ['a fill with a null price', () => tradeReport({ L: null }), 'executionReport', /\bL must be an unsigned decimal/],
    ['a fill priced "NaN"', () => tradeReport({ L: 'NaN' }), 'executionReport', /\bL must be an unsigned decimal/],
    ['a fill price with 40 decimals', () => tradeReport({ L: `1.${'1'.repeat(40)}` }), 'executionReport', /\bL must be/],
    ['a fill priced "1e400"', () => tradeReport({ L: '1e400' }), 'executionReport', /\bL must be/],
    ['a fill priced "1e999999999"', () => tradeReport({ L: '1e999999999' }), 'executionReport', /\bL must be/],
    ['a fill priced with the JSON number 1e400', () => tradeReport({ L: 1 }).replace('"L":1', '"L":1e400'), 'executionReport', /\bL must be/],
    ['a limit price of "1e999999999"', () => tradeReport({ p: '1e999999999' }), 'executionReport', /\bp must be/],
    ['a negative fill quantity', () => tradeReport({ l: '-0.005' }), 'executionReport', /\bl must be an unsigned decimal/],
    ['a status report of our order on another symbol', () => tradeReport({ s: 'ETHUSDT', x: 'NEW', X: 'NEW' }), 'executionReport', /\bs must be the symbol of order/],
    ['a report of our order with an unknown status', () => tradeReport({ x: 'NEW', X: 'WEIRD' }), 'executionReport', /\bX must be one of NEW, PENDING_NEW, /],
    ['a fill of our order with an unknown status', () => tradeReport({ X: 'WEIRD' }), 'executionReport', /\bX must be one of /],
    ['an outboundAccountPosition with B: null', () => frame({ e: 'outboundAccountPosition', E: 1, u: 1, B: null }), 'outboundAccountPosition', /\bB must be an array/],
    ['an outboundAccountPosition with a negative balance', () => frame({ e: 'outboundAccountPosition', E: 1, u: 1, B: [{ a: 'USDT', f: '1', l: '0' }, { a: 'BTC', f: '-5', l: '0' }] }), 'outboundAccountPosition', /B\[\]\.f must be an unsigned decimal/],
    ['a balanceUpdate with d: null', () => frame({ e: 'balanceUpdate', E: 1, a: 'BTC', d: null, T: 1 }), 'balanceUpdate', /\bd must be a decimal/],
    ['a balanceUpdate that leaves a negative balance', () => frame({ e: 'balanceUpdate', E: 1, a: 'BTC', d: '-1000.00000000', T: 1 }), 'balanceUpdate', /negative free BTC balance/],
    ['a 10 MB frame', () => frame({ e: 'executionReport', c: 'x'.repeat(10 * 1024 * 1024) }), 'user-data', /frame must be at most/],
  ];

  it.each(attacks)('refuses %s, changes nothing and keeps trading', async (_name, text, kind, names) => {
    const before = await stateOf(v);
    const refused = nextPayloadError(v, kind);
    expect(v.proxy.inject('/ws-api/v3', text())).toBe(1);
    const error = await refused;
    expect(error.message).toMatch(names);
    expect(error.severity).not.toBe('CRITICAL');
    expect(await stateOf(v)).toBe(before);
    expect((await v.broker.getOrder(resting.clientOrderId))!.filledQuantity.isZero()).toBe(true);
    expect(v.broker.state).toBe('CONNECTED');
    expect(v.states).toEqual(['CONNECTED']);
    await tradesCorrectly(v);
  });

  it('drops a malformed report for an order it never sent without reading it, and raises nothing', async () => {
    const before = await stateOf(v);
    const errors: string[] = [];
    const sub = v.bus.errors$.subscribe((e) => errors.push(e.message));
    try {
      v.proxy.inject('/ws-api/v3', frame({ e: 'executionReport', c: 'not-ours-1', s: null, L: '1e999999999', x: 'TRADE', S: 'SELL' }));
      // Frames are handled in order: once the marker behind it is refused, the foreign report was handled.
      const marker = nextPayloadError(v, 'user-data');
      v.proxy.inject('/ws-api/v3', 'null');
      await marker;
    } finally {
      sub.unsubscribe();
    }
    expect(errors).toEqual(['user-data: frame must be an object (got null)']);
    expect(await stateOf(v)).toBe(before);
    expect(v.states).toEqual(['CONNECTED']);
    await tradesCorrectly(v);
  });
});
