import { ConfigurationError, EventBus } from '@silvertine/core';
import { connect } from 'node:net';
import { DashboardFeed } from '../dashboard/dashboard-feed';
import { BrokerHealthMonitor } from '../health/broker-health-monitor';
import { BrokerMetrics } from '../metrics/broker-metrics';
import { MonitoringServer } from './monitoring-server';

const TOKEN = 'mon-token-123';

/** Sends raw bytes, resolves with the status line and the whole answer (the server closes or we do after the head). */
function raw(port: number, bytes: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    socket.on('data', (chunk: string) => {
      text += chunk;
      // one answer is enough: a body we sent may keep a keep-alive connection open
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (head !== -1 && length && text.length >= head + 4 + Number(length[1])) socket.destroy();
    });
    socket.on('close', done);
    socket.on('error', reject);
  });
}

describe('MonitoringServer: requests decoded at the boundary', () => {
  const bus = new EventBus();
  const metrics = new BrokerMetrics();
  const health = new BrokerHealthMonitor({ metrics });
  const dashboard = new DashboardFeed({ bus, metrics, health });
  const server = new MonitoringServer({ metrics, health, dashboard, token: TOKEN });
  let port: number;
  const auth = `Authorization: Bearer ${TOKEN}\r\n`;

  beforeAll(async () => {
    port = (await server.start()).port;
  });
  afterAll(async () => {
    await server.close();
    dashboard.close();
    health.close();
    metrics.close();
  });

  it.each([
    ['a GET with a body (refused unread, connection closed)', 413, `GET /health HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 5\r\n\r\nhello`],
    ['a chunked body', 413, `GET /metrics HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`],
    ['a request target of 3000 characters', 414, `GET /health?${'a'.repeat(3000)} HTTP/1.1\r\nHost: x\r\n${auth}\r\n`],
    ['an absolute-form target', 400, `GET http://elsewhere/health HTTP/1.1\r\nHost: x\r\n${auth}\r\n`],
    ['an asterisk target', 400, `OPTIONS * HTTP/1.1\r\nHost: x\r\n${auth}\r\n`],
    ['a method that changes state', 405, `DELETE /health HTTP/1.1\r\nHost: x\r\n${auth}\r\n`],
    ['a header block of 10 KiB', 431, `GET /health HTTP/1.1\r\nHost: x\r\n${auth}X-Pad: ${'p'.repeat(10 * 1024)}\r\n\r\n`],
    ['a non-bearer scheme', 401, `GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}\r\n\r\n`],
    ['the token in the query of /metrics (only the dashboard takes it there)', 401, `GET /metrics?access_token=${TOKEN} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['a token of 2000 characters', 401, `GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'t'.repeat(2000)}\r\n\r\n`],
    ['the token followed by a second word', 401, `GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN} extra\r\n\r\n`],
  ])('%s is answered %i and changes nothing', async (_what, status, bytes) => {
    expect((await raw(port, bytes)).status).toBe(status);
    // the server keeps serving the next, well-formed request
    expect((await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`)).status).toBe(200);
  });

  it('answers a 10 MB POST 413 with the connection closed, and keeps serving', async () => {
    const size = 10 * 1024 * 1024;
    const answer = await raw(port, `POST /metrics HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${size}\r\n\r\n${'c'.repeat(size)}`);
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/connection: close\r\n/i);
    expect(answer.text).toContain('request bodies are not accepted');
    expect((await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`)).status).toBe(200);
  });

  it('answers a 405 with the methods it allows, and a path it does not know with 404 once authorized', async () => {
    expect((await raw(port, `PUT /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n${auth}Connection: close\r\n\r\n`)).text).toMatch(/allow: GET, HEAD/i);
    expect((await raw(port, `GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status).toBe(401);
    expect((await raw(port, `GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`)).status).toBe(404);
  });

  it('carries only the access token over on the / redirect', async () => {
    const answer = await raw(port, `GET /?access_token=${TOKEN}&next=http://evil HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(302);
    expect(answer.text).toMatch(new RegExp(`location: /dashboard\\?access_token=${TOKEN}\\r\\n`, 'i'));
  });
});

describe('MonitoringServer: exposure', () => {
  const metrics = new BrokerMetrics();
  const health = new BrokerHealthMonitor({ metrics });
  afterAll(() => {
    health.close();
    metrics.close();
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'monitoring.example.com'])('refuses to serve %s without a token', (host) => {
    expect(() => new MonitoringServer({ metrics, health, host })).toThrow(ConfigurationError);
    expect(() => new MonitoringServer({ metrics, health, host })).toThrow(/without a token: set a bearer token \(monitoring\.token\)/);
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])('serves loopback %s without one', (host) => {
    expect(() => new MonitoringServer({ metrics, health, host })).not.toThrow();
  });

  it('serves a non-loopback address with a token', () => {
    expect(() => new MonitoringServer({ metrics, health, host: '0.0.0.0', token: TOKEN })).not.toThrow();
  });
});
