import type { AddressInfo } from 'node:net';
import type { Logger } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
import WebSocket, { WebSocketServer } from 'ws';
import { ReconnectingSocket, type ReconnectingSocketOptions } from './reconnecting-socket';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

/** Socket I/O is real: waits until it has happened (`check` holds); the deadline is only a safety net. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

jest.setTimeout(30_000);

describe('ReconnectingSocket (loopback server, virtual clock)', () => {
  let server: WebSocketServer;
  let clock: ManualClock;
  let connections: WebSocket[];
  let socket: ReconnectingSocket;
  const calls: string[] = [];

  /** Pings the server has received (whether it answered them or not). */
  let pingsReceived: number;

  async function listen(options: { autoPong?: boolean } = {}): Promise<string> {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
    server.on('connection', (ws) => {
      connections.push(ws);
      ws.on('ping', () => pingsReceived++);
    });
    await new Promise((r) => server.once('listening', r));
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function create(url: string, over: Partial<ReconnectingSocketOptions> = {}): ReconnectingSocket {
    socket = new ReconnectingSocket({
      name: 'test', url, clock, logger: quiet, handshakeTimeoutMs: 1_000,
      pingIntervalMs: 1_000, pongTimeoutMs: 500, reconnectMinDelayMs: 100, reconnectMaxDelayMs: 1_000,
      random: () => 0.5, // jitter factor exactly 1: delays 100, 200, 400 …
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

  it('reconnects after a close with backoff 100 ms, then 200 ms, and tells the owner', async () => {
    const s = create(await listen());
    await s.start();
    expect(s.connected).toBe(true);
    connections[0].terminate();
    await until(() => calls.includes('down:connection closed'), 'down');
    expect(calls).toEqual(['closed', 'down:connection closed']);
    expect(clock.pendingTimers).toBe(1); // the reconnect, and nothing else
    clock.advance(99);
    // Timers fire inside advance(): the reconnect timer still pending proves no attempt has started.
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1);
    expect(clock.pendingTimers).toBe(0); // it fired: the attempt is on its way
    await until(() => calls.includes('reconnected'), 'reconnect at 100 ms');
    expect(connections).toHaveLength(2);
    connections[1].send('hello');
    await until(() => calls.includes('message:hello'), 'message');

    // a successful connection resets the backoff; refused attempts double it
    server.close();
    for (const c of connections) c.terminate();
    await until(() => calls.filter((c) => c.startsWith('down')).length === 2, 'second drop');
    clock.advance(100); // attempt 1 fails: nothing listens
    await until(() => clock.pendingTimers === 1, 'retry scheduled');
    clock.advance(199);
    expect(clock.pendingTimers).toBe(1); // not yet: the second delay is 200 ms
  });

  it('drops a connection whose pong does not come back within the deadline', async () => {
    const s = create(await listen({ autoPong: false }));
    await s.start();
    clock.advance(1_000); // ping
    await until(() => pingsReceived === 1, 'the ping at the server'); // which does not answer it
    clock.advance(499);
    // the deadline would drop the socket inside advance(), synchronously (terminate)
    expect(s.connected).toBe(true);
    expect(calls).toEqual([]);
    clock.advance(1); // pong deadline
    expect(s.connected).toBe(false);
    await until(() => calls.includes('down:connection closed'), 'half-open link dropped');
  });

  it('keeps a connection whose pongs come back', async () => {
    const s = create(await listen());
    await s.start();
    const idle = clock.pendingTimers; // the next ping
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000); // a ping, and its pong deadline
      expect(clock.pendingTimers).toBe(idle + 1);
      // the pong arrives over the loopback and cancels the deadline
      await until(() => clock.pendingTimers === idle, `pong ${i + 1}`);
    }
    clock.advance(999); // past where each deadline would have been, up to the next ping
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
    clock.advance(60_000);
    expect(clock.pendingTimers).toBe(0);
    expect(s.connected).toBe(false);
    await until(() => connections.every((c) => c.readyState === WebSocket.CLOSED), 'server side closed');
    expect(connections).toHaveLength(2);
  });
});
