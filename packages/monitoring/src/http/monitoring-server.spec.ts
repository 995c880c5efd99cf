import { EventBus, dec } from '@silvertine/core';
import { ManualClock, ReferenceBroker, activeResourceCounts, leakedResources, testInstrument } from '@silvertine/core/testing';
import { request } from 'node:http';
import { DashboardFeed } from '../dashboard/dashboard-feed';
import { BrokerHealthMonitor } from '../health/broker-health-monitor';
import { BrokerMetrics } from '../metrics/broker-metrics';
import { findSamples, parsePrometheusText } from '../testing';
import { BearerAuth } from './bearer-auth';
import { MonitoringServer } from './monitoring-server';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function setup(token?: string) {
  const bus = new EventBus();
  const metrics = new BrokerMetrics({ venues: { 'ref-1': 'reference' } });
  metrics.observeBus(bus);
  const health = new BrokerHealthMonitor({ metrics });
  const dashboard = new DashboardFeed({ bus, metrics, health });
  const server = new MonitoringServer({ metrics, health, dashboard, token });
  const { url, host } = await server.start();
  // Order latencies on virtual time: exactly 0, so the health score cannot depend on how fast a loaded
  // machine runs the broker (targets avg 500 ms / p99 1 s).
  const broker = new ReferenceBroker({ id: 'ref-1', bus, metrics, clock: new ManualClock(Date.now()), config: { cash: { USDT: dec(100_000) } } });
  return { bus, metrics, health, dashboard, server, url, host, broker };
}

/** Only ends a test that is really stuck: every wait here is for an event or a state to be reached. */
const SAFETY_NET_MS = 20_000;
jest.setTimeout(60_000);

/** Polls `check` on each turn of the event loop until it holds, or fails after the safety net. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + SAFETY_NET_MS;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${SAFETY_NET_MS} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('MonitoringServer', () => {
  it('binds 127.0.0.1, answers /health 200 or 503 with the status, and /health/detailed per broker', async () => {
    const before = activeResourceCounts();
    const { server, url, host, broker, dashboard, metrics } = await setup();
    try {
      expect(host).toBe('127.0.0.1');
      await broker.connect();
      let answer = await get(`${url}/health`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'healthy', brokers: [{ brokerId: 'ref-1', status: 'healthy', score: 1 }] });
      broker.setPrice('BTCUSDT', dec('50000'));
      await expect(broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('100') })).rejects.toThrow();
      await broker.disconnect();
      answer = await get(`${url}/health`);
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body).status).toBe('unhealthy');
      const detailed = await get(`${url}/health/detailed`);
      expect(detailed.status).toBe(503);
      const report = JSON.parse(detailed.body);
      expect(report.brokers[0]).toMatchObject({
        brokerId: 'ref-1', venue: 'reference', status: 'unhealthy',
        metrics: { connectionState: 'DISCONNECTED', totals: { submitted: 1, errors: 1 } },
        lastError: { code: 'INSUFFICIENT_FUNDS', message: expect.stringContaining('needs') },
      });
      expect(report.brokers[0].reasons).toContain('connection is DISCONNECTED');
    } finally {
      await server.close();
      dashboard.close();
      metrics.close();
    }
    // Handles finish closing on later turns of the event loop (how many depends on the machine's load);
    // a handle really leaked never closes, and the safety net ends the wait with the list below.
    await until(() => leakedResources(before, activeResourceCounts()).length === 0, 'every handle closed').catch(() => undefined);
    expect(leakedResources(before, activeResourceCounts())).toEqual([]);
  });

  it('serves /metrics in the Prometheus text format that parses back', async () => {
    const { server, url, broker, dashboard } = await setup();
    try {
      await broker.connect();
      broker.setPrice('BTCUSDT', dec('50000'));
      await broker.placeOrder({ instrument: testInstrument(), side: 'SELL', type: 'MARKET', quantity: dec('0.01') });
      const answer = await get(`${url}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = parsePrometheusText(answer.body);
      expect(text.types.get('silvertine_order_latency_seconds')).toBe('histogram');
      expect(findSamples(text, 'silvertine_fills_total', { broker: 'ref-1', venue: 'reference', symbol: 'BTCUSDT' })[0].value).toBe(1);
      expect(findSamples(text, 'silvertine_order_latency_seconds_count', { broker: 'ref-1', stage: 'ack', order_type: 'MARKET' })[0].value).toBe(1);
      expect(findSamples(text, 'silvertine_broker_health_score', { broker: 'ref-1' })).toHaveLength(0); // written by health checks only
      await get(`${url}/health`);
      const after = parsePrometheusText((await get(`${url}/metrics`)).body);
      expect(findSamples(after, 'silvertine_broker_health_score', { broker: 'ref-1' })[0].value).toBe(1);
      await broker.disconnect();
    } finally {
      await server.close();
      dashboard.close();
    }
  });

  it('requires the bearer token when one is set (header or access_token query), and answers 404/405', async () => {
    const { server, url, dashboard } = await setup('s3cret-token');
    try {
      expect((await get(`${url}/metrics`)).status).toBe(401);
      expect((await get(`${url}/health`, { authorization: 'Bearer wrong' })).status).toBe(401);
      const denied = await get(`${url}/health`, { authorization: 'Bearer s3cret-token-and-more' });
      expect(denied.status).toBe(401);
      expect(denied.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await get(`${url}/health`, { authorization: 'Bearer s3cret-token' })).status).toBe(200);
      expect((await get(`${url}/dashboard?access_token=s3cret-token`)).status).toBe(200);
      expect((await get(`${url}/nope`, { authorization: 'Bearer s3cret-token' })).status).toBe(404);
      expect((await get(`${url}/health`, { authorization: 'Bearer s3cret-token' }, 'POST')).status).toBe(405);
      const head = await get(`${url}/health`, { authorization: 'Bearer s3cret-token' }, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
    } finally {
      await server.close();
      dashboard.close();
    }
  });

  it('streams dashboard snapshots as server-sent events and ends streams on close', async () => {
    const { server, url, dashboard, broker } = await setup();
    const frames: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      request(`${url}/dashboard/events`, { agent: false }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (c: string) => frames.push(c));
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject).end();
    });
    await until(() => frames.length > 0, 'the first frame');
    await broker.connect();
    await until(() => frames.join('').includes('"state":"CONNECTED"'), 'a frame with the broker CONNECTED');
    expect(frames[0]).toMatch(/^event: snapshot\ndata: \{/);
    await server.close();
    await ended;
    dashboard.close();
    await broker.disconnect();
  });
});

describe('BearerAuth', () => {
  it('matches only the exact token', () => {
    const auth = new BearerAuth('abc');
    expect(auth.matches('abc')).toBe(true);
    expect(auth.matches('abcd')).toBe(false);
    expect(auth.matches('')).toBe(false);
    expect(auth.matches(undefined)).toBe(false);
    expect(() => new BearerAuth('')).toThrow(TypeError);
  });
});
