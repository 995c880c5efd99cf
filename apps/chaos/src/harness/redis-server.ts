import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { pause } from './wait';

/** A free loopback port (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when a Redis on `port` answers PING. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (d: Buffer) => done(d.toString().startsWith('+PONG')));
    socket.write('PING\r\n');
  });
}

/**
 * A redis-server of the suite's own, on its own port, without persistence (`--save "" --appendonly no`):
 * killed with SIGKILL it loses everything, as a crashed cache without a disk does, and is restarted on
 * the same port. `redis-server` must be on the PATH (`.ci/run` installs it).
 */
export class RedisServer {
  private process?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.spawn();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** kill -9, and wait until it is gone. */
  async kill(): Promise<void> {
    this.process?.kill('SIGKILL');
    await this.exited;
    this.process = undefined;
  }

  /** Starts it again on the same port, empty; resolves once it answers PING. */
  restart(): Promise<void> {
    return this.spawn();
  }

  /** Stops it for good. */
  stop(): Promise<void> {
    return this.kill();
  }

  private async spawn(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`redis-server could not start (${e.message}); install it (apt-get install redis-server)`))));
    failed.catch(() => undefined);
    const end = Date.now() + 5_000;
    for (;;) {
      if (await Promise.race([pong(this.port), failed])) return;
      if (child.exitCode !== null || Date.now() > end) throw new Error(`redis-server on port ${this.port} did not answer PING`);
      await pause(20);
    }
  }
}
