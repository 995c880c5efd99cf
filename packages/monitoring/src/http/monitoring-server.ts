import { ConfigurationError, createSilentLogger, type Logger } from '@silvertine/core';
import { isIP } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderDashboardPage } from '../dashboard/dashboard-page';
import type { DashboardFeed } from '../dashboard/dashboard-feed';
import type { BrokerHealthMonitor } from '../health/broker-health-monitor';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import { BearerAuth } from './bearer-auth';
import { loadChartAssets, type ChartAsset } from './chart-assets';
import { KillSwitchRoute, type KillSwitchControl } from './kill-switch-route';
import { decodeMonitoringRequest } from './request-decoder';

/** Largest request head accepted (Node's default is 16 KiB; every legitimate request here is far smaller). */
const MAX_HEADER_BYTES = 8 * 1024;

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
  /**
   * When set, every request must present it: `Authorization: Bearer <token>`, or `?access_token=` on the
   * dashboard routes only (a browser's page and EventSource cannot set headers). Required off loopback.
   */
  readonly token?: string;
  readonly logger?: Logger;
  readonly title?: string;
  /** Serves `GET /kill-switch` and `POST /kill-switch/engage|release` (the POSTs need `token`). */
  readonly killSwitch?: KillSwitchControl;
}

/**
 * The monitoring HTTP server (node:http, no framework):
 * - `GET /health`: 200 when healthy or degraded, 503 when unhealthy (Kubernetes liveness/readiness);
 * - `GET /health/detailed`: JSON per broker (state, score, components, reasons, metrics summary, last error);
 * - `GET /metrics`: Prometheus text exposition;
 * - `GET /dashboard`, `/dashboard/snapshot`, `/dashboard/events` (server-sent events), and the charting
 *   library the page draws with (`/dashboard/uplot.js`, `/dashboard/uplot.css`, from node_modules);
 * - `GET /kill-switch`, `POST /kill-switch/engage` and `/kill-switch/release` when given a kill switch.
 */
export class MonitoringServer {
  private readonly server: Server;
  private readonly auth?: BearerAuth;
  private readonly killSwitchRoute?: KillSwitchRoute;
  private readonly logger: Logger;
  private readonly streams = new Set<ServerResponse>();
  private readonly page: string;
  private readonly assets?: ReturnType<typeof loadChartAssets>;
  private address?: AddressInfo;

  constructor(private readonly options: MonitoringServerOptions) {
    const host = options.host ?? '127.0.0.1';
    if (options.token === undefined && !isLoopback(host)) {
      throw new ConfigurationError(`monitoring would serve ${host} without a token: set a bearer token (monitoring.token) to bind a non-loopback address`);
    }
    this.auth = options.token !== undefined ? new BearerAuth(options.token) : undefined;
    this.killSwitchRoute = options.killSwitch ? new KillSwitchRoute(options.killSwitch, this.auth) : undefined;
    this.logger = options.logger ?? createSilentLogger();
    this.page = renderDashboardPage(options.title);
    this.assets = options.dashboard ? loadChartAssets() : undefined;
    this.server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
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
    // the one route that changes state, with its own method, token and body rules
    if (this.killSwitchRoute?.handles(req)) return this.killSwitchRoute.handle(req, res);
    const request = decodeMonitoringRequest(req);
    if (!request.ok) {
      for (const [name, value] of Object.entries(request.headers ?? {})) res.setHeader(name, value);
      if (request.close) res.setHeader('connection', 'close');
      return send(res, request.status, 'application/json', JSON.stringify({ error: request.error }));
    }
    if (this.auth && !this.auth.matches(request.token)) {
      res.setHeader('www-authenticate', 'Bearer realm="silvertine-monitoring"');
      return send(res, 401, 'application/json', JSON.stringify({ error: 'unauthorized' }));
    }
    const { health, metrics, dashboard } = this.options;
    switch (request.route) {
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
        res.setHeader('location', `/dashboard${request.search}`);
        return send(res, 302, 'text/plain; charset=utf-8', '');
      case '/dashboard':
        if (!dashboard) break;
        res.setHeader('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'");
        return send(res, 200, 'text/html; charset=utf-8', this.page);
      case '/dashboard/snapshot':
        if (!dashboard) break;
        return send(res, 200, 'application/json', JSON.stringify(await dashboard.snapshot()));
      case '/dashboard/events':
        if (!dashboard) break;
        return this.stream(req, res, dashboard);
      case '/dashboard/uplot.js':
      case '/dashboard/uplot.css':
        if (!this.assets) break;
        return sendAsset(res, this.assets[request.route]);
    }
    return send(res, 404, 'application/json', JSON.stringify({ error: 'not found', path: request.pathname }));
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

function sendAsset(res: ServerResponse, asset: ChartAsset): void {
  res.writeHead(200, { 'content-type': asset.contentType, 'content-length': asset.body.length, 'cache-control': 'max-age=3600', 'x-content-type-options': 'nosniff' });
  res.end(res.req.method === 'HEAD' ? undefined : asset.body);
}

/** True for addresses only this machine reaches (a hostname other than localhost is not assumed to be). */
function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}
