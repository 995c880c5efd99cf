import { EventBus, ManualClock, TimeoutError, offersTicker } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { EventName } from '@stoqey/ib';
import { InteractiveBrokersBroker, type IbConnection } from '../src';
import { AAPL, SAFETY_NET_MS, startRig, type Rig } from './support/harness';
import { decodeSnapshotTicks } from '../src/orders/market-snapshot';

const QUOTE = { bid: '150.24', ask: '150.26', last: '150.25', bidSize: 300, askSize: 200 };

/** `ticker(symbol)`: one reqMktData snapshot on the TWS emulator, decoded into Decimals. */
describe('InteractiveBrokersBroker ticker (market data snapshot) on the TWS emulator', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it("answers the emulator's bid, ask, sizes and last from a real-time snapshot", async () => {
    rig = await startRig({}, { quotes: { AAPL: QUOTE } });
    expect(offersTicker(rig.broker)).toBe(true);
    const t = await rig.broker.ticker('AAPL');
    expect(t.symbol).toBe('AAPL');
    expect([t.bid, t.bidSize, t.ask, t.askSize, t.last].map(String)).toEqual(['150.24', '300', '150.26', '200', '150.25']);
    expect(t.source).toBe('ib reqMktData snapshot');
  });

  it('answers from delayed ticks (66-70) when the login has no live data and marketDataType is delayed', async () => {
    rig = await startRig({ marketDataType: 3 }, { quotes: { AAPL: QUOTE }, marketData: { live: false } });
    const t = await rig.broker.ticker('AAPL');
    expect([t.bid, t.bidSize, t.ask, t.askSize, t.last].map(String)).toEqual(['150.24', '300', '150.26', '200', '150.25']);
    expect(t.source).toBe('ib reqMktData snapshot (delayed)');
  });

  it('leaves out what TWS does not quote (a market with no trade yet)', async () => {
    rig = await startRig({}, { quotes: { AAPL: { bid: '150.24', ask: '150.26' } } });
    const t = await rig.broker.ticker('AAPL');
    expect([String(t.bid), String(t.ask), t.last]).toEqual(['150.24', '150.26', undefined]);
  });

  it('refuses a symbol TWS has no contract for with a typed error, not a hang', async () => {
    rig = await startRig({}, { quotes: { AAPL: QUOTE } });
    await expect(rig.broker.ticker('NOSUCH')).rejects.toMatchObject({ name: 'InvalidOrderError', field: 'symbol' });
  });

  it('turns error 354 (no live data, real-time asked) into a broker error', async () => {
    rig = await startRig({}, { quotes: { AAPL: QUOTE }, marketData: { live: false } });
    const refused = rig.broker.ticker('AAPL');
    await expect(refused).rejects.toMatchObject({ brokerId: rig.broker.id });
    await expect(refused).rejects.toThrow(/not subscribed/);
  });
});

describe('InteractiveBrokersBroker ticker deadline (ManualClock)', () => {
  let emulator: TwsEmulator;
  let broker: InteractiveBrokersBroker;
  afterEach(async () => {
    await broker.disconnect();
    await emulator.close();
  });

  it('rejects with TimeoutError when TWS never ends the snapshot', async () => {
    emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0, quotes: { AAPL: QUOTE }, marketData: { snapshotEnd: false } });
    const clock = new ManualClock(1_000_000);
    broker = new InteractiveBrokersBroker({
      id: 'ib-ticker-deadline', bus: new EventBus(), clock,
      config: { host: emulator.host, port: emulator.port, clientId: 41, requestTimeoutMs: 5_000 },
    });
    await broker.connect();
    // resolve the contract first, so the only request in flight below is the snapshot
    await broker.instrument('AAPL');
    const connection = (broker as unknown as { connection: IbConnection }).connection;
    const lastTick = new Promise<void>((resolve, reject) => {
      const net = setTimeout(() => reject(new Error('the snapshot ticks did not come')), SAFETY_NET_MS);
      // any tick of the snapshot proves TWS got the request (the deadline's timer is armed before it is sent)
      connection.listen(EventName.tickPrice, () => resolve(clearTimeout(net)));
    });
    const answer = broker.ticker('AAPL');
    answer.catch(() => undefined);
    await lastTick; // the ticks came, the end never will
    clock.advance(5_000);
    await expect(answer).rejects.toBeInstanceOf(TimeoutError);
    await expect(answer).rejects.toThrow(/tickSnapshotEnd/);
  });
});

describe('decodeSnapshotTicks (untrusted ticks)', () => {
  const ticks = (entries: Array<[number, unknown]>) => new Map(entries.map(([type, value]) => [type, { value }]));

  it('names the refused field', () => {
    expect(() => decodeSnapshotTicks(ticks([[1, Number.NaN]]), AAPL)).toThrow(/tick\.bid/);
    expect(() => decodeSnapshotTicks(ticks([[2, -3]]), AAPL)).toThrow(/tick\.ask/);
    expect(() => decodeSnapshotTicks(ticks([[4, 1e300]]), AAPL)).toThrow(/tick\.last/);
    expect(() => decodeSnapshotTicks(new Map([[1, 'x']]), AAPL)).toThrow(/tick\.bid/);
    expect(() => decodeSnapshotTicks('x', AAPL)).toThrow(/ticks/);
  });

  it('takes -1 as "no quote" and rounds float noise to the tick', () => {
    const out = decodeSnapshotTicks(ticks([[1, -1], [2, 150.26000000000002]]), AAPL);
    expect(out.bid).toBeUndefined();
    expect(String(out.ask)).toBe('150.26');
    expect(out.delayed).toBe(false);
  });
});
