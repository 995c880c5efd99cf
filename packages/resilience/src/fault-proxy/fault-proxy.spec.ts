import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { FaultProxy } from './fault-proxy';

/**
 * Resolves when `predicate` holds, checking after each event-loop turn (no fixed sleeps). The deadline is
 * a safety net in time, not a number of turns: how many turns socket I/O takes depends on the load.
 */
async function until(predicate: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

let echo: Server;
let echoPort: number;
const serverSockets = new Set<Socket>();
let serverClosed = 0;

beforeEach(async () => {
  serverClosed = 0;
  echo = createServer((s) => {
    serverSockets.add(s);
    s.on('data', (d) => s.write(d));
    s.on('error', () => undefined);
    s.on('close', () => { serverSockets.delete(s); serverClosed++; });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  echoPort = (echo.address() as AddressInfo).port;
});
afterEach(async () => {
  for (const s of serverSockets) s.destroy();
  await new Promise<void>((r) => echo.close(() => r()));
});

async function connect(port: number) {
  const socket = createConnection({ host: '127.0.0.1', port });
  const received: Buffer[] = [];
  const events: string[] = [];
  socket.on('data', (d) => received.push(d));
  socket.on('error', (e: NodeJS.ErrnoException) => events.push(`error:${e.code}`));
  socket.on('close', () => events.push('close'));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, text: () => Buffer.concat(received).toString(), events };
}

describe('FaultProxy', () => {
  it('forwards both ways, with added latency when asked', async () => {
    const proxy = new FaultProxy({ targetPort: echoPort });
    const port = await proxy.start();
    const c = await connect(port);
    c.socket.write('hello');
    await until(() => c.text() === 'hello');
    proxy.setLatency(15);
    const started = Date.now();
    c.socket.write('!');
    await until(() => c.text() === 'hello!');
    expect(Date.now() - started).toBeGreaterThanOrEqual(28); // 15 ms each way
    c.socket.destroy();
    await proxy.close();
  });

  it('blackhole keeps the connection open and drops bytes; heal resumes', async () => {
    const proxy = new FaultProxy({ targetPort: echoPort });
    const c = await connect(await proxy.start());
    proxy.blackhole();
    c.socket.write('lost');
    await until(() => proxy.droppedBytes === 4);
    expect(c.text()).toBe('');
    expect(c.events).toEqual([]);
    proxy.heal();
    c.socket.write('back');
    await until(() => c.text() === 'back');
    c.socket.destroy();
    await proxy.close();
  });

  it('reset sends RST to live connections and to new ones', async () => {
    const proxy = new FaultProxy({ targetPort: echoPort });
    const port = await proxy.start();
    const c = await connect(port);
    proxy.reset();
    await until(() => c.events.includes('close'));
    expect(c.events[0]).toBe('error:ECONNRESET');
    const d = createConnection({ host: '127.0.0.1', port });
    const dEvents: string[] = [];
    d.on('error', (e: NodeJS.ErrnoException) => dEvents.push(e.code ?? 'error'));
    d.on('close', () => dEvents.push('close'));
    await until(() => dEvents.includes('close'));
    expect(dEvents).toContain('ECONNRESET');
    await proxy.close();
  });

  it('half-open: the server side goes away, the client hears nothing and its bytes vanish', async () => {
    const proxy = new FaultProxy({ targetPort: echoPort });
    const c = await connect(await proxy.start());
    c.socket.write('x');
    await until(() => c.text() === 'x');
    proxy.halfOpen();
    await until(() => serverClosed === 1);
    c.socket.write('into the void');
    await until(() => proxy.droppedBytes === 13);
    expect(c.events).toEqual([]);
    expect(c.socket.destroyed).toBe(false);
    expect(proxy.connections).toBe(1);
    await proxy.close();
    await until(() => c.events.includes('close'));
  });

  it('close() releases every socket and the listener', async () => {
    const proxy = new FaultProxy({ targetPort: echoPort });
    const port = await proxy.start();
    const clients = await Promise.all([connect(port), connect(port), connect(port)]);
    await until(() => serverSockets.size === 3);
    await proxy.close();
    await until(() => clients.every((c) => c.events.includes('close')) && serverSockets.size === 0);
    expect(proxy.connections).toBe(0);
    const refused = await new Promise<string | undefined>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
      s.on('connect', () => { s.destroy(); resolve('connected'); });
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
