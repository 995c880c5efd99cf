import { createSilentLogger, type Logger } from '@silvertine/core';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderDashboardPage } from '../dashboard/dashboard-page';
import type { DashboardFeed } from '../dashboard/dashboard-feed';
import type { BrokerHealthMonitor } from '../health/broker-health-monitor';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import { BearerAuth } from './bearer-auth';

/** Options of MonitoringServer. */
export interface MonitoringServerOptions {
  readonly metrics: BrokerMetrics;
  readonly health: BrokerHealthMonitor;
  /** Serves `/dashboard` and its event stream when given. */
  readonly dashboard?: DashboardFeed;
  /** Interface to bind (default 127.0.0.1: monitoring is not exposed unless asked). */
  readonly host?: string;
  /** Port (default 0: any free port; read `port` after `start`). */
  readonly port?: number;
  /** When set, every request must present it (Authorization: Bearer, or ?access_token= for browsers). */
  readonly token?: string;
  readonly logger?: Logger;
  readonly title?: string;
}

/**
 * The monitoring HTTP server (node:http, no framework):
 * - `GET /health`: 200 when healthy or degraded, 503 when unhealthy (Kubernetes liveness/readiness);
 * - `GET /health/detailed`: JSON per broker (state, score, components, reasons, metrics summary, last error);
 * - `GET /metrics`: Prometheus text exposition;
 * - `GET /dashboard`, `/dashboard/snapshot`, `/dashboard/events` (server-sent events).
 */
export class MonitoringServer {
  private readonly server: Server;
  private readonly auth?: BearerAuth;
  private readonly logger: Logger;
  private readonly streams = new Set<ServerResponse>();
  private readonly page: string;
  private address?: AddressInfo;

  constructor(private readonly options: MonitoringServerOptions) {
    this.auth = options.token !== undefined ? new BearerAuth(options.token) : undefined;
    this.logger = options.logger ?? createSilentLogger();
    this.page = renderDashboardPage(options.title);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error('monitoring request failed', { url: req.url, error: String(error) });
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
        else res.end();
      });
    });
  }

  /** Starts listening; resolves once bound. */
  async start(): Promise<{ host: string; port: number; url: string }> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
    this.logger.info('monitoring server listening', { host, port: this.address.port });
    return { host, port: this.address.port, url: this.url };
  }

  /** The bound port (after start). */
  get port(): number {
    if (!this.address) throw new Error('monitoring server is not started');
    return this.address.port;
  }

  /** Base URL (after start). */
  get url(): string {
    const host = this.address?.family === 'IPv6' ? `[${this.address.address}]` : this.address?.address;
    return `http://${host}:${this.port}`;
  }

  /** Ends event streams, closes every connection and the listening socket. */
  async close(): Promise<void> {
    for (const res of this.streams) res.end();
    this.streams.clear();
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (this.auth && !this.auth.matches(BearerAuth.presented(req, url))) {
      res.setHeader('www-authenticate', 'Bearer realm="silvertine-monitoring"');
      return send(res, 401, 'application/json', JSON.stringify({ error: 'unauthorized' }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
    }
    const { health, metrics, dashboard } = this.options;
    switch (url.pathname) {
      case '/health': {
        const report = health.check();
        const body = { status: report.status, checkedAt: report.checkedAt, brokers: report.brokers.map((b) => ({ brokerId: b.brokerId, status: b.status, score: b.score })) };
        return send(res, report.status === 'unhealthy' ? 503 : 200, 'application/json', JSON.stringify(body));
      }
      case '/health/detailed': {
        const report = health.check();
        return send(res, report.status === 'unhealthy' ? 503 : 200, 'application/json', JSON.stringify(report, null, 2));
      }
      case '/metrics':
        return send(res, 200, metrics.contentType, await metrics.metricsText());
      case '/':
        if (!dashboard) break;
        res.setHeader('location', `/dashboard${url.search}`);
        return send(res, 302, 'text/plain; charset=utf-8', '');
      case '/dashboard':
        if (!dashboard) break;
        res.setHeader('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'");
        return send(res, 200, 'text/html; charset=utf-8', this.page);
      case '/dashboard/snapshot':
        if (!dashboard) break;
        return send(res, 200, 'application/json', JSON.stringify(await dashboard.snapshot()));
      case '/dashboard/events':
        if (!dashboard) break;
        return this.stream(req, res, dashboard);
    }
    return send(res, 404, 'application/json', JSON.stringify({ error: 'not found', path: url.pathname }));
  }

  private async stream(req: IncomingMessage, res: ServerResponse, feed: DashboardFeed): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const write = (snapshot: unknown) => res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    this.streams.add(res);
    const unsubscribe = feed.subscribe(write);
    const end = () => {
      unsubscribe();
      this.streams.delete(res);
    };
    req.on('close', end);
    res.on('close', end);
    write(await feed.snapshot());
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
