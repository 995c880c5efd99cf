import { EventBus, ManualClock, type ConnectionState } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: resilience's TCP fault proxy stands between adapter and venue
import { FaultProxy } from '@silvertine/resilience';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { EventName } from '@stoqey/ib';
import { InteractiveBrokersBroker, type IbConnection } from '../src';
import { until } from './support/harness';

const INTERVAL = 1_000;
const RECONNECT_DELAY_MS = 100;
/** Only ends a test that is really stuck; every wait below is for an event. */
const SAFETY_NET_MS = 20_000;

/**
 * The watchdog in virtual time: timers run on a ManualClock, the socket is real and goes through a
 * fault proxy that can swallow every byte while keeping the connection open (what a dead NAT or a
 * frozen TWS looks like: no FIN, no RST). Virtual time moves only while nothing is in flight: after
 * each probe the test waits for its answer (an event), so the silence the watchdog measures is exactly
 * the virtual time the test advanced, however slowly the real socket delivers.
 */
describe('InteractiveBrokersBroker watchdog (ManualClock + fault proxy)', () => {
  let emulator: TwsEmulator;
  let proxy: FaultProxy;
  let clock: ManualClock;
  let broker: InteractiveBrokersBroker;
  let states: ConnectionState[];
  let pings: number;
  /** Waiters for the n-th probe answer. */
  const waiting: { n: number; resolve: () => void }[] = [];

  beforeEach(async () => {
    emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
    proxy = new FaultProxy({ targetPort: emulator.port });
    await proxy.start();
    clock = new ManualClock(1_000_000);
    broker = new InteractiveBrokersBroker({
      id: 'ib-watchdog', bus: new EventBus(), clock,
      config: { host: '127.0.0.1', port: proxy.port, clientId: 31, watchdogIntervalMs: INTERVAL, requestTimeoutMs: 5_000, reconnect: { initialDelayMs: RECONNECT_DELAY_MS, maxDelayMs: 400 } },
    });
    await broker.connect();
    states = [];
    broker.state$.subscribe((s) => states.push(s));
    pings = 0;
    waiting.length = 0;
    // the watchdog's probe is reqCurrentTime: count the answers TWS gives
    (broker as unknown as { connection: IbConnection }).connection.listen(EventName.currentTime, () => {
      pings++;
      for (const w of waiting.splice(0)) if (pings >= w.n) w.resolve(); else waiting.push(w);
    });
  });
  afterEach(async () => {
    await broker.disconnect();
    await proxy.close();
    await emulator.close();
  });

  /** Resolves once TWS has answered the n-th probe (an event; the deadline is only a safety net). */
  const answered = (n: number): Promise<void> => {
    if (pings >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`probe answer ${n} did not come (answers: ${pings})`)), SAFETY_NET_MS);
      waiting.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  };

  it('probes an idle but healthy link with reqCurrentTime and keeps it', async () => {
    for (let n = 1; n <= 6; n++) {
      // Watchdog ticks every interval / 2: the one where the silence reaches the interval sends a probe.
      // advance() fires them synchronously; nothing in flight can end the silence in between.
      clock.advance(INTERVAL / 2);
      expect(pings).toBe(n - 1);
      clock.advance(INTERVAL / 2);
      await answered(n);
      expect(pings).toBe(n); // one probe, not two, per interval of silence
    }
    expect(states).toEqual(['CONNECTED']);
    expect(emulator.connectedClientIds()).toEqual([31]);
  });

  it('drops a silent link after 2× the interval (not before), reconnects with backoff and reconciles', async () => {
    clock.advance(INTERVAL); // one probe, answered: the silence restarts from here
    await answered(1);
    proxy.blackhole();
    // Probes go out at 1× and 1.5× and are swallowed. The drop is synchronous in the tick that sees
    // 2× the interval, so the state right after advance() is the watchdog's decision, not the socket's.
    clock.advance(1.5 * INTERVAL);
    expect(states).toEqual(['CONNECTED']); // a probe is out, unanswered, but 2× has not passed
    clock.advance(INTERVAL / 2);
    expect(states).toEqual(['CONNECTED', 'RECONNECTING']);
    expect(pings).toBe(1);

    proxy.heal();
    // TWS refuses a client id still in use (326): wait until the emulator has seen the old socket close
    await until(() => emulator.connectedClientIds().length === 0, 'the old session gone at TWS');
    // backoff on the virtual clock: the reconnect is due RECONNECT_DELAY_MS after the drop
    const back = waitFor(broker.state$, (s) => s === 'CONNECTED', SAFETY_NET_MS, 'reconnected');
    clock.advance(RECONNECT_DELAY_MS);
    await back;
    expect(states).toEqual(['CONNECTED', 'RECONNECTING', 'CONNECTED']);
    expect(proxy.accepted).toBeGreaterThanOrEqual(2);
    // the new socket is watched too: an interval of silence sends a probe on it, and TWS answers
    const before = pings;
    clock.advance(INTERVAL);
    await answered(before + 1);
    expect(broker.state).toBe('CONNECTED');
  });
});

