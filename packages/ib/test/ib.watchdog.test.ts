import { EventBus, ManualClock, type ConnectionState } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: resilience's TCP fault proxy stands between adapter and venue
import { FaultProxy } from '@silvertine/resilience';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { EventName } from '@stoqey/ib';
import { InteractiveBrokersBroker, type IbConnection } from '../src';

const INTERVAL = 1_000;
/** Real I/O has to happen between virtual-time steps: a short real pause lets sockets deliver. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 15));

/**
 * The watchdog in virtual time: timers run on a ManualClock, the socket is real and goes through a
 * fault proxy that can swallow every byte while keeping the connection open (what a dead NAT or a
 * frozen TWS looks like: no FIN, no RST).
 */
describe('InteractiveBrokersBroker watchdog (ManualClock + fault proxy)', () => {
  let emulator: TwsEmulator;
  let proxy: FaultProxy;
  let clock: ManualClock;
  let broker: InteractiveBrokersBroker;
  let states: ConnectionState[];
  let pings: number;

  beforeEach(async () => {
    emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
    proxy = new FaultProxy({ targetPort: emulator.port });
    await proxy.start();
    clock = new ManualClock(1_000_000);
    broker = new InteractiveBrokersBroker({
      id: 'ib-watchdog', bus: new EventBus(), clock,
      config: { host: '127.0.0.1', port: proxy.port, clientId: 31, watchdogIntervalMs: INTERVAL, requestTimeoutMs: 5_000, reconnect: { initialDelayMs: 100, maxDelayMs: 400 } },
    });
    await broker.connect();
    states = [];
    broker.state$.subscribe((s) => states.push(s));
    pings = 0;
    // the watchdog's probe is reqCurrentTime: count the answers TWS gives
    (broker as unknown as { connection: IbConnection }).connection.listen(EventName.currentTime, () => pings++);
  });
  afterEach(async () => {
    await broker.disconnect();
    await proxy.close();
    await emulator.close();
  });

  /** Advances virtual time in watchdog ticks (interval / 2), letting real I/O through after each. */
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += INTERVAL / 2) {
      clock.advance(INTERVAL / 2);
      await settle();
    }
  };

  /** Waits (real time, bounded) for the n-th probe answer, so a loaded machine cannot fake a silence. */
  const answered = async (n: number, exactly = true) => {
    for (let i = 0; i < 100 && pings < n; i++) await settle();
    if (exactly) expect(pings).toBe(n);
    else expect(pings).toBeGreaterThanOrEqual(n);
  };

  it('probes an idle but healthy link with reqCurrentTime and keeps it', async () => {
    for (let n = 1; n <= 6; n++) {
      await advance(INTERVAL); // silence reaches the interval: one probe, answered
      await answered(n);
    }
    expect(states).toEqual(['CONNECTED']);
    expect(emulator.connectedClientIds()).toEqual([31]);
  });

  it('drops a silent link after 2× the interval (not before), reconnects with backoff and reconciles', async () => {
    await advance(INTERVAL); // one answered probe: the silence clock restarts from here
    await answered(1);
    proxy.blackhole();
    await advance(1.5 * INTERVAL);
    expect(states).toEqual(['CONNECTED']); // a probe is out, unanswered, but 2× has not passed
    await advance(INTERVAL / 2);
    expect(states).toEqual(['CONNECTED', 'RECONNECTING']);
    expect(pings).toBe(1);

    proxy.heal();
    // backoff on the virtual clock: nothing reconnects until its delay has passed
    for (let i = 0; i < 40 && broker.state !== 'CONNECTED'; i++) {
      clock.advance(50);
      await settle();
    }
    expect(broker.state).toBe('CONNECTED');
    expect(states).toEqual(['CONNECTED', 'RECONNECTING', 'CONNECTED']);
    expect(proxy.accepted).toBeGreaterThanOrEqual(2);
    const before = pings;
    await advance(2 * INTERVAL);
    await answered(before + 1, false); // the new socket is watched too
    expect(broker.state).toBe('CONNECTED');
  });
});

