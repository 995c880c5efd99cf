import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';

/** How the proxy answers the next REST request of one route instead of (or after) the venue. */
export interface HostileAnswer {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path without the query, e.g. `/api/v3/order`. */
  readonly path: string;
  /** HTTP status of the forged answer (default 200). */
  readonly status?: number;
  /** The forged body; given the venue's real body when `forward` is set. */
  readonly body: string | ((venueBody: string) => string);
  /** Send the request to the venue first (it takes effect there) and replace only its answer. */
  readonly forward?: boolean;
  /** Send the body one byte at a time, this many ms apart (a trickling server). */
  readonly trickleMs?: number;
}

/**
 * A hostile venue in front of a real one (the emulator): a loopback HTTP and WebSocket proxy that relays
 * everything both ways, and on demand forges a REST answer or pushes any frame (null, garbage, 10 MB) to
 * the client's sockets. Frames it injects reach the client on the same socket, after what was relayed
 * before, so the venue's own frames and the forged ones keep their order.
 */
export class HostileProxy {
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly agent = new Agent({ keepAlive: true });
  private readonly clients = new Map<WebSocket, string>();
  private readonly answers: HostileAnswer[] = [];
  private readonly responses = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Bytes of trickled answers written so far: a test's barrier for "the answer is under way". */
  trickledBytes = 0;

  private constructor(private readonly target: URL) {
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  /** Starts a proxy on an ephemeral loopback port in front of `targetUrl` (the venue's http:// URL). */
  static async start(targetUrl: string): Promise<HostileProxy> {
    const proxy = new HostileProxy(new URL(targetUrl));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues a forged answer for the next request of its route. */
  answerNext(answer: HostileAnswer): void {
    this.answers.push(answer);
  }

  /** Pushes `frame` to every client socket whose path starts with `pathPrefix`; returns how many got it. */
  inject(pathPrefix: string, frame: string): number {
    let sent = 0;
    for (const [socket, path] of this.clients) {
      if (path.startsWith(pathPrefix) && socket.readyState === WebSocket.OPEN) {
        socket.send(frame);
        sent++;
      }
    }
    return sent;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const res of this.responses) res.destroy();
    for (const socket of this.clients.keys()) socket.terminate();
    this.wss.close();
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const index = this.answers.findIndex((a) => a.method === req.method && a.path === path);
    const answer = index >= 0 ? this.answers.splice(index, 1)[0] : undefined;
    this.responses.add(res);
    res.on('close', () => this.responses.delete(res));
    if (answer && !answer.forward) return this.reply(res, answer, '');
    const upstream = request({ host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent }, (venue) => {
      const chunks: Buffer[] = [];
      venue.on('data', (c: Buffer) => chunks.push(c));
      venue.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (answer) return this.reply(res, answer, body);
        res.writeHead(venue.statusCode ?? 502, venue.headers);
        res.end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  private reply(res: ServerResponse, answer: HostileAnswer, venueBody: string): void {
    const body = typeof answer.body === 'function' ? answer.body(venueBody) : answer.body;
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    if (!answer.trickleMs) return void res.end(body);
    const bytes = Buffer.from(body);
    let i = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (i >= bytes.length) return void res.end();
      res.write(bytes.subarray(i, ++i));
      this.trickledBytes++;
      const t = setTimeout(() => {
        this.timers.delete(t);
        next();
      }, answer.trickleMs);
      this.timers.add(t);
    };
    next();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = req.url ?? '/';
    this.wss.handleUpgrade(req, socket, head, (client) => {
      const upstream = new WebSocket(`ws://${this.target.host}${path}`);
      const early: string[] = [];
      this.clients.set(client, path);
      upstream.on('open', () => {
        for (const m of early.splice(0)) upstream.send(m);
      });
      upstream.on('message', (data, isBinary) => {
        if (client.readyState === WebSocket.OPEN) client.send(isBinary ? data : data.toString());
      });
      client.on('message', (data) => {
        if (upstream.readyState === WebSocket.OPEN) upstream.send(data.toString());
        else early.push(data.toString());
      });
      // A close on either side closes the other abruptly, as a dropped connection would.
      upstream.on('close', () => client.terminate());
      upstream.on('error', () => client.terminate());
      client.on('close', () => {
        this.clients.delete(client);
        upstream.terminate();
      });
      client.on('error', () => upstream.terminate());
    });
  }
}
