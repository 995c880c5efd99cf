import { request } from 'node:http';
import { BrokerHealthMonitor } from '../health/broker-health-monitor';
import { BrokerMetrics } from '../metrics/broker-metrics';
import type { KillSwitchControl } from './kill-switch-route';
import { MonitoringServer } from './monitoring-server';

const TOKEN = 'kill-token-123';

/** A kill switch that records what it was asked. */
function recordingSwitch(): KillSwitchControl & { calls: string[] } {
  let reason: string | undefined;
  const calls: string[] = [];
  return {
    calls,
    get reason() {
      return reason;
    },
    engage: async (why) => {
      calls.push(`engage ${why}`);
      reason = why;
      return { canceled: [{ clientOrderId: 'a' }], failed: [], deferred: ['ib'] };
    },
    release: async () => {
      calls.push('release');
      reason = undefined;
    },
  };
}

function send(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('MonitoringServer /kill-switch', () => {
  const metrics = new BrokerMetrics();
  const health = new BrokerHealthMonitor({ metrics });
  afterAll(() => {
    health.close();
    metrics.close();
  });

  async function serve(token?: string) {
    const killSwitch = recordingSwitch();
    const server = new MonitoringServer({ metrics, health, token, killSwitch });
    const { url } = await server.start();
    return { killSwitch, server, url };
  }

  it('without a configured token: status is readable on loopback, engage and release are refused 403', async () => {
    const { killSwitch, server, url } = await serve();
    try {
      expect(await send(`${url}/kill-switch`, 'GET')).toMatchObject({ status: 200, body: '{"engaged":false}' });
      const refused = await send(`${url}/kill-switch/engage`, 'POST', { 'content-type': 'application/json' }, '{"reason":"x"}');
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error).toMatch(/set monitoring\.token/);
      expect((await send(`${url}/kill-switch/release`, 'POST')).status).toBe(403);
      expect(killSwitch.calls).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('with the token: engages with the reason and reports the sweep, shows it, releases; wrong or no token is 401', async () => {
    const { killSwitch, server, url } = await serve(TOKEN);
    const auth = { authorization: `Bearer ${TOKEN}` };
    try {
      expect((await send(`${url}/kill-switch`, 'GET')).status).toBe(401);
      expect((await send(`${url}/kill-switch/engage`, 'POST', { authorization: 'Bearer wrong' })).status).toBe(401);
      const engaged = await send(`${url}/kill-switch/engage`, 'POST', { ...auth, 'content-type': 'application/json' }, JSON.stringify({ reason: 'runaway strategy' }));
      expect(engaged.status).toBe(200);
      expect(JSON.parse(engaged.body)).toEqual({ engaged: true, reason: 'runaway strategy', canceled: 1, failed: [], deferred: ['ib'] });
      expect(JSON.parse((await send(`${url}/kill-switch`, 'GET', auth)).body)).toEqual({ engaged: true, reason: 'runaway strategy' });
      expect((await send(`${url}/kill-switch/release`, 'POST', auth)).body).toBe('{"engaged":false}');
      expect((await send(`${url}/kill-switch/engage`, 'POST', auth)).body).toMatch(/"reason":"engaged over HTTP"/);
      expect(killSwitch.calls).toEqual(['engage runaway strategy', 'release', 'engage engaged over HTTP']);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['GET on engage', 'GET', '/kill-switch/engage', {}, undefined, 405],
    ['POST on the status', 'POST', '/kill-switch', {}, undefined, 405],
    ['a body that is not JSON', 'POST', '/kill-switch/engage', { 'content-type': 'application/json' }, '{"reason":', 400],
    ['a body of another type', 'POST', '/kill-switch/engage', { 'content-type': 'text/plain' }, '{"reason":"x"}', 415],
    ['a field other than reason', 'POST', '/kill-switch/engage', { 'content-type': 'application/json' }, '{"reason":"x","force":true}', 400],
    ['a reason that is not a string', 'POST', '/kill-switch/engage', { 'content-type': 'application/json' }, '{"reason":5}', 400],
    ['a reason of two lines', 'POST', '/kill-switch/engage', { 'content-type': 'application/json' }, '{"reason":"a\\nb"}', 400],
    ['a body over 2 KiB', 'POST', '/kill-switch/engage', { 'content-type': 'application/json' }, JSON.stringify({ reason: 'r'.repeat(3000) }), 413],
    ['a chunked body', 'POST', '/kill-switch/engage', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, undefined, 411],
    ['a reason on release', 'POST', '/kill-switch/release', { 'content-type': 'application/json' }, '{"reason":"x"}', 400],
  ])('%s is refused %i and changes nothing', async (_what, method, path, headers, body, status) => {
    const { killSwitch, server, url } = await serve(TOKEN);
    try {
      expect((await send(`${url}${path}`, method, { authorization: `Bearer ${TOKEN}`, ...headers }, body)).status).toBe(status);
      expect(killSwitch.calls).toEqual([]);
      // the server goes on serving
      expect((await send(`${url}/kill-switch`, 'GET', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
