import { assertConnectionTransition, type ConnectionState } from '../broker/connection-state';
import { ManualClock } from '../clock/manual-clock';
import { advanceTime } from '../testing/virtual-time';
import { ConnectionSupervisor, type SupervisedConnection, type SupervisorEvent } from './connection-supervisor';

/** A scripted connection: `failNext` opens fail, pings are counted. */
class FakeConnection implements SupervisedConnection {
  opens: number[] = [];
  closes: string[] = [];
  pings = 0;
  failNext = 0;
  constructor(private readonly clock: ManualClock) {}
  async open(): Promise<void> {
    this.opens.push(this.clock.now());
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('ECONNREFUSED');
    }
  }
  close(reason: string): void {
    this.closes.push(reason);
  }
  ping(): void {
    this.pings++;
  }
}

function setup(extra: Partial<ConstructorParameters<typeof ConnectionSupervisor>[0]> = {}) {
  const clock = new ManualClock(0);
  const connection = new FakeConnection(clock);
  const states: ConnectionState[] = [];
  let current: ConnectionState = 'DISCONNECTED';
  const target = {
    setState(state: ConnectionState) {
      assertConnectionTransition(current, state); // the broker's own rule: an illegal move fails the test
      current = state;
      states.push(state);
    },
  };
  const supervisor = new ConnectionSupervisor({ connection, target, clock, jitter: 0, ...extra });
  const events: SupervisorEvent[] = [];
  supervisor.events$.subscribe((e) => events.push(e));
  return { clock, connection, states, supervisor, events };
}

describe('ConnectionSupervisor', () => {
  it('reconnects with 1, 2, 4, 8 … 60 s delays, capped, driving CONNECTED → RECONNECTING → CONNECTED', async () => {
    const { clock, connection, states, supervisor, events } = setup({ heartbeatIntervalMs: 1_000_000, idleTimeoutMs: 10_000_000 });
    await supervisor.start();
    connection.failNext = 8;
    const dropAt = clock.now();
    supervisor.notifyClosed('socket closed');
    await advanceTime(clock, 400_000, 500);
    const delays = events.filter((e) => e.kind === 'reconnect-scheduled').map((e) => (e as { delayMs: number }).delayMs);
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(connection.opens.slice(1).map((t) => t - dropAt)).toEqual([1000, 3000, 7000, 15000, 31000, 63000, 123000, 183000, 243000]);
    expect(states).toEqual(['CONNECTING', 'CONNECTED', 'RECONNECTING', 'CONNECTED']);
    expect(supervisor.state).toBe('CONNECTED');
    await supervisor.stop();
    supervisor.dispose();
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps backing off for a flapping link and resets the delay only after a stable period', async () => {
    const { clock, supervisor, events } = setup({ stableAfterMs: 30_000, heartbeatIntervalMs: 1_000_000, idleTimeoutMs: 10_000_000 });
    await supervisor.start();
    const delays = () => events.filter((e) => e.kind === 'reconnect-scheduled').map((e) => (e as { delayMs: number }).delayMs);
    supervisor.notifyClosed('drop 1');
    await advanceTime(clock, 1_000, 100);
    await advanceTime(clock, 5_000, 100); // up 5 s: not stable
    supervisor.notifyClosed('drop 2');
    await advanceTime(clock, 2_000, 100);
    await advanceTime(clock, 30_000, 1000); // stable now
    expect(events.some((e) => e.kind === 'stable')).toBe(true);
    supervisor.notifyClosed('drop 3');
    await advanceTime(clock, 1_000, 100);
    expect(delays()).toEqual([1000, 2000, 1000]);
    expect(supervisor.state).toBe('CONNECTED');
    await supervisor.stop();
  });

  it('pings on the heartbeat and treats inbound silence as a half-open socket', async () => {
    const { clock, connection, supervisor, events, states } = setup({ heartbeatIntervalMs: 5_000, idleTimeoutMs: 15_000 });
    await supervisor.start();
    for (let i = 0; i < 4; i++) {
      await advanceTime(clock, 5_000, 5_000);
      supervisor.notifyActivity();
    }
    expect(connection.pings).toBe(4);
    expect(events.some((e) => e.kind === 'half-open')).toBe(false);
    await advanceTime(clock, 15_000, 5_000); // silence
    expect(events.find((e) => e.kind === 'half-open')).toMatchObject({ idleMs: 15_000 });
    expect(connection.closes).toEqual(['half-open']);
    expect(states.slice(-1)).toEqual(['RECONNECTING']);
    await advanceTime(clock, 1_000, 100);
    expect(supervisor.state).toBe('CONNECTED');
    await supervisor.stop();
  });

  it('waits for beforeConnected (reconciliation) before reporting CONNECTED, and retries if it fails', async () => {
    let reconciles = 0;
    const { clock, supervisor, states } = setup({
      heartbeatIntervalMs: 1_000_000, idleTimeoutMs: 10_000_000,
      beforeConnected: async () => { reconciles++; if (reconciles === 2) throw new Error('venue disagrees'); },
    });
    await supervisor.start();
    supervisor.notifyClosed('drop');
    await advanceTime(clock, 1_000, 100);
    expect(supervisor.state).toBe('RECONNECTING');
    await advanceTime(clock, 2_000, 100);
    expect(supervisor.state).toBe('CONNECTED');
    expect(reconciles).toBe(3);
    expect(states).toEqual(['CONNECTING', 'CONNECTED', 'RECONNECTING', 'CONNECTED']);
    await supervisor.stop();
  });

  it('stop() during a reconnect wait cancels it and nothing reopens afterwards', async () => {
    const { clock, connection, supervisor } = setup();
    await supervisor.start();
    supervisor.notifyClosed('drop');
    await supervisor.stop();
    await advanceTime(clock, 120_000, 1000);
    expect(connection.opens).toHaveLength(1);
    expect(supervisor.state).toBe('DISCONNECTED');
    expect(clock.pendingTimers).toBe(0);
  });
});
