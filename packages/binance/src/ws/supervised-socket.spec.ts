import type { AddressInfo } from 'node:net';
import { createSilentLogger } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
import WebSocket, { WebSocketServer } from 'ws';
import { SupervisedSocket, type SupervisedSocketOptions } from './supervised-socket';

/** Socket I/O is real: waits until it has happened (`check` holds); the deadline is only a safety net. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

jest.setTimeout(30_000);

describe('SupervisedSocket (core ConnectionSupervisor over a loopback server, virtual clock)', () => {
  let server: WebSocketServer;
  let clock: ManualClock;
  let connections: WebSocket[];
  let socket: SupervisedSocket;
  const calls: string[] = [];
  let pingsReceived: number;

  async function listen(options: { autoPong?: boolean; port?: number } = {}): Promise<string> {
    server = new WebSocketServer({ port: options.port ?? 0, host: '127.0.0.1', ...(options.autoPong === false ? { autoPong: false } : {}) });
    server.on('connection', (ws) => {
      connections.push(ws);
      ws.on('ping', () => pingsReceived++);
    });
    await new Promise((r) => server.once('listening', r));
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function create(url: string, over: Partial<SupervisedSocketOptions> = {}): SupervisedSocket {
    socket = new SupervisedSocket({
      name: 'test', url, clock, logger: createSilentLogger(), handshakeTimeoutMs: 1_000,
      pingIntervalMs: 1_000, pongTimeoutMs: 500, reconnectMinDelayMs: 100, reconnectMaxDelayMs: 1_000,
      random: () => 1, // the supervisor's jitter at its top: delays of exactly 100, 200, 400 …
      onMessage: (text) => calls.push(`message:${text}`),
      onClosed: () => calls.push('closed'),
      onDown: (reason) => calls.push(`down:${reason}`),
      onReconnected: async () => void calls.push('reconnected'),
      ...over,
    });
    return socket;
  }

  beforeEach(() => {
    clock = new ManualClock(0);
    connections = [];
    pingsReceived = 0;
    calls.length = 0;
  });
  afterEach(async () => {
    await socket?.stop();
    await new Promise((r) => server.close(r));
  });

  it('reconnects under the supervisor after a close with its backoff, catching up before it counts as up', async () => {
    const url = await listen();
    const s = create(url);
    await s.start();
    expect(s.connected).toBe(true);
    connections[0].terminate();
    await until(() => calls.includes('down:connection closed'), 'down');
    expect(calls).toEqual(['closed', 'down:connection closed']);
    expect(clock.pendingTimers).toBe(1); // the reconnect, and nothing else
    clock.advance(99);
    expect(clock.pendingTimers).toBe(1); // timers fire inside advance(): still pending, no attempt yet
    clock.advance(1);
    await until(() => calls.includes('reconnected'), 'reconnect at 100 ms');
    expect(connections).toHaveLength(2);
    connections[1].send('hello');
    await until(() => calls.includes('message:hello'), 'message');

    // A connection that did not stay up (the supervisor's stable period) does not reset the backoff: after
    // the next drop the delays go on, 200 ms, then 400 ms while nothing listens.
    const port = Number(new URL(url).port);
    const closed = new Promise((r) => server.close(r));
    for (const c of connections) c.terminate();
    await closed;
    await until(() => calls.filter((c) => c.startsWith('down')).length === 2, 'second drop');
    clock.advance(199);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1); // attempt: nothing listens
    await until(() => clock.pendingTimers === 1, 'retry scheduled');
    clock.advance(399);
    expect(clock.pendingTimers).toBe(1); // not yet: the next delay is 400 ms
    await listen({ port });
    clock.advance(1);
    await until(() => calls.filter((c) => c === 'reconnected').length === 2, 'back on the same port');
  });

  it('drops a connection whose pong does not come back within the deadline', async () => {
    const s = create(await listen({ autoPong: false }));
    await s.start();
    clock.advance(1_000); // the heartbeat's ping
    await until(() => pingsReceived === 1, 'the ping at the server'); // which does not answer it
    clock.advance(499);
    expect(s.connected).toBe(true);
    expect(calls).toEqual([]);
    clock.advance(1); // pong deadline: terminated inside advance()
    expect(s.connected).toBe(false);
    await until(() => calls.includes('down:connection closed'), 'half-open link dropped');
  });

  it('keeps a connection whose pongs come back', async () => {
    const s = create(await listen());
    await s.start();
    const idle = clock.pendingTimers; // the heartbeat and the supervisor's stability timer
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000); // a ping, and its pong deadline
      expect(clock.pendingTimers).toBe(idle + 1);
      await until(() => clock.pendingTimers === idle, `pong ${i + 1}`); // the pong cancels the deadline
    }
    clock.advance(999);
    expect(s.connected).toBe(true);
    expect(calls).toEqual([]);
  });

  it('fails start() when onOpen throws, closing that socket and scheduling no retry', async () => {
    const s = create(await listen(), { onOpen: async () => { throw new Error('refused'); } });
    await expect(s.start()).rejects.toThrow('refused');
    await until(() => connections[0].readyState === WebSocket.CLOSED, 'server side closed');
    expect(clock.pendingTimers).toBe(0);
    expect(calls).toEqual(['closed']);
  });

  it('retries a reconnect whose catch-up fails, and is up only once a catch-up succeeded', async () => {
    let failures = 1;
    const s = create(await listen(), {
      onReconnected: async () => {
        calls.push('catch-up');
        if (failures-- > 0) throw new Error('venue busy');
      },
    });
    await s.start();
    connections[0].terminate();
    await until(() => calls.includes('down:connection closed'), 'down');
    clock.advance(100);
    await until(() => calls.filter((c) => c === 'catch-up').length === 1 && clock.pendingTimers === 1, 'first catch-up failed, retry scheduled');
    clock.advance(200);
    await until(() => calls.filter((c) => c === 'catch-up').length === 2, 'second catch-up');
    await until(() => s.connected && server.clients.size === 1, 'one live connection');
  });

  it('restarts on purpose after maxAgeMs and stops leaving no timer', async () => {
    const s = create(await listen(), { maxAgeMs: 5_000, pingIntervalMs: 60_000 });
    await s.start();
    clock.advance(5_000);
    await until(() => calls.includes('down:connection closed'), 'age restart');
    clock.advance(100);
    await until(() => calls.includes('reconnected'), 'back');
    await s.stop();
    // No timer is left, so nothing can reconnect later: advancing fires nothing and opens nothing.
    expect(clock.pendingTimers).toBe(0);
    expect(s.connected).toBe(false);
    const opened = connections.length;
    clock.advance(60_000);
    expect(connections).toHaveLength(opened);
  });
});
