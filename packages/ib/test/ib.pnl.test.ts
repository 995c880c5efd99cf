import { dec, type PnLEvent } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { ReplaySubject } from 'rxjs';
import { AAPL, SAFETY_NET_MS, orderIn, startRig, type Rig } from './support/harness';

const ACCOUNT = 'DU1234567';

/**
 * Daily, unrealized and realized P&L from TWS's PNL and PNL_SINGLE streams, through the adapter on the TWS
 * emulator, published as core PnLEvents. The emulator marks at the mid and counts the day from its start.
 */
describe('InteractiveBrokersBroker P&L events on the TWS emulator', () => {
  let rig: Rig;
  let pnl$: ReplaySubject<PnLEvent>;
  const next = (pred: (e: PnLEvent) => boolean, what: string) => waitFor(pnl$, pred, SAFETY_NET_MS, what);

  beforeEach(async () => {
    rig = await startRig({}, { accounts: [ACCOUNT], cash: { USD: '100000' } });
    rig.emulator.setQuote('AAPL', { bid: '150.00', ask: '150.02', bidSize: 500, askSize: 500 });
    pnl$ = new ReplaySubject<PnLEvent>();
    rig.bus.ofType('PnL').subscribe(pnl$);
    const order = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(10) });
    if (order.status !== 'FILLED') await orderIn(rig, order.clientOrderId, 'FILLED');
  });
  afterEach(() => rig.close());

  it('publishes the account P&L at once and again when the market moves it', async () => {
    await rig.broker.watchPnl();
    // bought 10 at 150.02 with a 1.00 commission, marked at the mid 150.01: −1.10
    const first = await next(() => true, 'first account PnL');
    expect(first).toMatchObject({ type: 'PnL', brokerId: rig.broker.id, account: ACCOUNT });
    expect(first.symbol).toBeUndefined();
    expect([first.dailyPnL, first.unrealizedPnL, first.realizedPnL].map(String)).toEqual(['-1.1', '-1.1', '0']);
    expect(first.position).toBeUndefined();

    rig.emulator.setQuote('AAPL', { bid: '151.00', ask: '151.20' });
    // marked at 151.10: 1,511.00 − 1,501.20
    const moved = await next((e) => e.unrealizedPnL?.eq('9.8') === true, 'moved account PnL');
    expect(moved.dailyPnL?.toString()).toBe('9.8');
  });

  it('publishes a position P&L with its symbol, size and market value, and stops on unwatch', async () => {
    await rig.broker.watchPositionPnl(AAPL);
    const first = await next((e) => e.symbol === 'AAPL', 'position PnL');
    expect(first).toMatchObject({ account: ACCOUNT, symbol: 'AAPL' });
    expect([first.position, first.marketValue, first.unrealizedPnL, first.realizedPnL].map(String)).toEqual(['10', '1500.1', '-1.1', '0']);

    // the position closes: realized P&L (sold at the 150.00 bid: −0.20 and two 1.00 commissions) and nothing left
    const sell = await rig.broker.placeOrder({ instrument: AAPL, side: 'SELL', type: 'MARKET', quantity: dec(10) });
    if (sell.status !== 'FILLED') await orderIn(rig, sell.clientOrderId, 'FILLED');
    const closed = await next((e) => e.symbol === 'AAPL' && e.position?.isZero() === true, 'closed position PnL');
    expect(closed.realizedPnL?.isNegative()).toBe(true);
    expect(closed.unrealizedPnL?.isZero()).toBe(true);

    rig.broker.unwatchPnl(undefined, AAPL);
    const count = countOf(pnl$);
    rig.emulator.setQuote('AAPL', { bid: '152.00', ask: '152.20' });
    // a barrier behind the quote on the same socket: if TWS had pushed another PnL, it would be handled by now
    await rig.broker.watchPnl();
    await next((e) => e.symbol === undefined, 'account PnL after unwatch');
    expect(countOf(pnl$, (e) => e.symbol === 'AAPL')).toBe(count);
  });

  it('keeps streaming after a reconnect: the request is sent again on the new socket (TWS forgot it with the old one)', async () => {
    await rig.broker.watchPnl();
    await next(() => true, 'first account PnL');
    const down = waitFor(rig.bus.connectionStates$, (e) => e.current === 'RECONNECTING', SAFETY_NET_MS, 'RECONNECTING');
    const back = waitFor(rig.bus.connectionStates$, (e) => e.current === 'CONNECTED', SAFETY_NET_MS, 'CONNECTED again');
    rig.emulator.dropConnections();
    await down;
    await back;
    // the answer to the re-sent request arrives on the new socket; a quote move then pushes on it
    await next((e) => e.timestamp > 0 && countOf(pnl$, (x) => x.symbol === undefined) >= 2, 'PnL answer after the reconnect');
    rig.emulator.setQuote('AAPL', { bid: '149.00', ask: '149.02' });
    // marked at 149.01: 1,490.10 − 1,501.20
    const moved = await next((e) => e.unrealizedPnL?.eq('-11.1') === true, 'PnL pushed after the reconnect');
    expect(moved.account).toBe(ACCOUNT);
  });

  it('rejects with TWS\'s error for an account this login does not manage, and keeps nothing watched', async () => {
    const refused = rig.broker.watchPnl('DU0000000');
    await expect(refused).rejects.toMatchObject({ venueCode: 321 });
    await expect(refused).rejects.toThrow(/not managed/);
    // asked again, it is asked again (a refused stream is not remembered as watched)
    await expect(rig.broker.watchPnl('DU0000000')).rejects.toMatchObject({ venueCode: 321 });
  });
});

/** How many events a ReplaySubject holds (matching `pred`), read synchronously. */
function countOf(subject: ReplaySubject<PnLEvent>, pred: (e: PnLEvent) => boolean = (e) => e.symbol === 'AAPL'): number {
  let n = 0;
  subject.subscribe((e) => void (pred(e) && n++)).unsubscribe();
  return n;
}
