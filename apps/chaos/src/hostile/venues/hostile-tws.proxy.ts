import { encodeFrame } from '@silvertine/tws-emulator';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** One client connection through the proxy. */
interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Server→client bytes not yet forwarded (an incomplete frame). */
  pending: Buffer;
}

/**
 * A TCP proxy between an IB client and the TWS emulator that forwards the server's messages whole
 * (TWS framing: a 4-byte big-endian length, then the payload) and can slip anything between two of
 * them: a forged message, a corrupt length prefix, random bytes. The emulator keeps the protocol honest;
 * the proxy makes the stream hostile. Client→server bytes pass unchanged.
 */
export class HostileTwsProxy {
  private readonly pairs = new Set<Pair>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  /** Connections accepted so far (a reconnect makes it grow). */
  accepted = 0;
  port = 0;

  private constructor(private readonly server: Server, private readonly targetPort: number) {}

  static async start(targetPort: number): Promise<HostileTwsProxy> {
    const proxy = new HostileTwsProxy(createServer((client) => proxy.accept(client)), targetPort);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  /** Live client connections. */
  get connectionCount(): number {
    return this.pairs.size;
  }

  /** Resolves once `count` connections have been accepted in total. */
  acceptedAtLeast(count: number): Promise<void> {
    if (this.accepted >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Writes raw bytes to every client, between two whole server messages. */
  inject(bytes: Buffer): number {
    for (const p of this.pairs) p.client.write(bytes);
    return this.pairs.size;
  }

  /** Writes one forged message (fields, framed as TWS frames them) to every client. */
  injectMessage(fields: readonly string[]): number {
    return this.inject(encodeFrame(fields));
  }

  async close(): Promise<void> {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    const pair: Pair = { client, upstream, pending: Buffer.alloc(0) };
    this.pairs.add(pair);
    this.accepted++;
    for (const w of this.waiters.filter((x) => this.accepted >= x.count)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
    client.setNoDelay(true);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => this.forward(pair, chunk));
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  /** Forwards every complete server message; keeps the incomplete tail for the next chunk. */
  private forward(pair: Pair, chunk: Buffer): void {
    let buf = pair.pending.length ? Buffer.concat([pair.pending, chunk]) : chunk;
    let offset = 0;
    while (buf.length - offset >= 4) {
      const length = buf.readUInt32BE(offset);
      if (buf.length - offset < 4 + length) break;
      offset += 4 + length;
    }
    if (offset > 0) pair.client.write(buf.subarray(0, offset));
    buf = buf.subarray(offset);
    pair.pending = Buffer.from(buf);
  }
}
