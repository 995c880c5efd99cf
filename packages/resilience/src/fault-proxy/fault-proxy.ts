import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * How the proxy treats traffic:
 * - `pass`: forwards both ways (after `latencyMs`);
 * - `blackhole`: keeps connections open but drops every byte both ways;
 * - `reset`: resets every connection (RST) and every new one at once;
 * - `half-open`: the upstream side is gone, the client is told nothing (no FIN, no RST) and its bytes vanish.
 */
export type FaultMode = 'pass' | 'blackhole' | 'reset' | 'half-open';

export interface FaultProxyOptions {
  readonly targetHost?: string;
  readonly targetPort: number;
  /** Port to listen on (default 0: any free port). */
  readonly listenPort?: number;
  readonly listenHost?: string;
}

interface Pair {
  readonly client: Socket;
  upstream?: Socket;
}

/**
 * A small TCP fault proxy on node:net for fault-injection tests, standing between an adapter and an
 * emulator (or Redis). Faults apply to live connections at once. `close()` releases every socket.
 */
export class FaultProxy {
  private server?: Server;
  private readonly pairs = new Set<Pair>();
  private modeValue: FaultMode = 'pass';
  private latency = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Bytes swallowed by blackhole / half-open (lets tests wait for a drop instead of sleeping). */
  droppedBytes = 0;
  /** Connections accepted so far. */
  accepted = 0;

  constructor(private readonly options: FaultProxyOptions) {}

  async start(): Promise<number> {
    const server = createServer((client) => this.onClient(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.listenPort ?? 0, this.options.listenHost ?? '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get mode(): FaultMode {
    return this.modeValue;
  }

  /** Open client connections. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Delay added to every chunk, each way. */
  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  setMode(mode: FaultMode): void {
    this.modeValue = mode;
    if (mode === 'reset') for (const pair of [...this.pairs]) this.resetPair(pair);
    if (mode === 'half-open') for (const pair of this.pairs) this.dropUpstream(pair);
  }

  blackhole(): void { this.setMode('blackhole'); }
  reset(): void { this.setMode('reset'); }
  halfOpen(): void { this.setMode('half-open'); }
  /** Back to forwarding with no latency (connections broken by a fault stay broken). */
  heal(): void {
    this.latency = 0;
    this.setMode('pass');
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const pair of [...this.pairs]) this.destroyPair(pair);
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onClient(client: Socket): void {
    this.accepted++;
    const pair: Pair = { client };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => this.destroyPair(pair));
    if (this.modeValue === 'reset') {
      this.resetPair(pair);
      return;
    }
    if (this.modeValue !== 'half-open') this.connectUpstream(pair);
    client.on('data', (chunk) => this.forward(pair, chunk, 'up'));
  }

  private connectUpstream(pair: Pair): void {
    const upstream = createConnection({ host: this.options.targetHost ?? '127.0.0.1', port: this.options.targetPort });
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('data', (chunk) => this.forward(pair, chunk, 'down'));
    upstream.on('close', () => {
      // A real upstream close is passed on, except in half-open where the client must not learn of it.
      if (pair.upstream === upstream && this.modeValue !== 'half-open') this.destroyPair(pair);
    });
  }

  private forward(pair: Pair, chunk: Buffer, direction: 'up' | 'down'): void {
    if (this.modeValue === 'blackhole' || this.modeValue === 'half-open' || this.modeValue === 'reset') {
      this.droppedBytes += chunk.length;
      return;
    }
    const send = () => {
      const target = direction === 'up' ? pair.upstream : pair.client;
      if (!target || target.destroyed) return;
      target.write(chunk);
    };
    if (this.latency === 0) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, this.latency);
    this.timers.add(timer);
  }

  private dropUpstream(pair: Pair): void {
    const upstream = pair.upstream;
    pair.upstream = undefined;
    upstream?.destroy();
  }

  private resetPair(pair: Pair): void {
    pair.upstream?.destroy();
    pair.upstream = undefined;
    // An RST, as a crashed peer or a middlebox would send, rather than a polite FIN.
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    this.pairs.delete(pair);
  }

  private destroyPair(pair: Pair): void {
    pair.upstream?.destroy();
    pair.upstream = undefined;
    pair.client.destroy();
    this.pairs.delete(pair);
  }
}
