import { EventBus, createEvent, type AlertEvent, type Logger } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
import { startLoopbackWebhook } from '../testing';
import { BrokerHealthMonitor } from '../health/broker-health-monitor';
import { BrokerMetrics } from '../metrics/broker-metrics';
import { AlertManager } from './alert-manager';
import { LogAlertSink, WebhookAlertSink, type AlertSink } from './alert-sinks';

function memoryLogger(lines: { level: string; message: string; fields?: Record<string, unknown> }[]): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  const logger: Logger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), child: () => logger };
  return logger;
}

function setup(sinks: AlertSink[] = [], repeatIntervalMs = 60_000, logger?: Logger) {
  const clock = new ManualClock(0);
  const bus = new EventBus();
  const metrics = new BrokerMetrics({ clock });
  const health = new BrokerHealthMonitor({ metrics, clock });
  const delivered: AlertEvent[] = [];
  const alerts = new AlertManager({ bus, metrics, health, clock, sinks: [{ name: 'memory', send: (a) => void delivered.push(a) }, ...sinks], evaluateIntervalMs: 1000, repeatIntervalMs, dedupWindowMs: 10_000, logger });
  const onBus: AlertEvent[] = [];
  bus.on('Alert', (a) => onBus.push(a));
  const up = (id: string) => {
    metrics.connectionState(id, 'CONNECTING', clock.now());
    metrics.connectionState(id, 'CONNECTED', clock.now());
  };
  return { clock, bus, metrics, health, alerts, delivered, onBus, up };
}

const rules = (events: readonly AlertEvent[]) => events.map((e) => `${e.details?.['rule']}:${e.details?.['state']}:${e.severity}`).sort();

describe('AlertManager', () => {
  it('fires on a connection failure as soon as the state changes, de-duplicates, and resolves', async () => {
    const { clock, bus, metrics, alerts, onBus, up } = setup();
    up('a');
    alerts.start();
    metrics.connectionState('a', 'ERROR', 0);
    bus.publish(createEvent({ type: 'ConnectionState', brokerId: 'a', previous: 'CONNECTED', current: 'ERROR' }, 0));
    expect(rules(onBus)).toEqual(['connection-failure:firing:CRITICAL', 'health-score-low:firing:WARNING']);
    expect(onBus[0]).toMatchObject({ type: 'Alert', brokerId: 'a', source: expect.stringMatching(/^monitoring:/) });
    clock.advance(5000); // five periodic evaluations: still the same condition, nothing new
    expect(onBus).toHaveLength(2);
    metrics.connectionState('a', 'RECONNECTING', 5000);
    metrics.connectionState('a', 'CONNECTED', 5000);
    clock.advance(1000);
    expect(rules(onBus.slice(2))).toEqual(['connection-failure:resolved:INFO', 'health-score-low:resolved:INFO']);
    expect(onBus[2].message).toMatch(/^resolved: /);
    expect(onBus[2].details).toMatchObject({ firedAt: 0, resolvedSeverity: expect.any(String) });
    await alerts.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('announces a condition again after the repeat interval', () => {
    const { clock, metrics, alerts, onBus, up } = setup([], 10_000);
    up('a');
    metrics.setKillSwitch(true);
    expect(rules(alerts.evaluate())).toEqual(['kill-switch:firing:CRITICAL']);
    clock.advance(9_999);
    expect(alerts.evaluate()).toEqual([]);
    clock.advance(1);
    const again = alerts.evaluate();
    expect(rules(again)).toEqual(['kill-switch:firing:CRITICAL']);
    expect(again[0].details?.['firedAt']).toBe(0);
    expect(onBus).toHaveLength(2);
  });

  it('implements the latency, rate-limit, error-rate, health-score and circuit rules', () => {
    const { metrics, alerts, up } = setup();
    up('lat');
    for (let i = 0; i < 10; i++) metrics.orderAcknowledged('lat', 1500);
    up('rl');
    metrics.recordRateLimit('rl', 'REQUEST_WEIGHT', 960, 1200);
    up('err');
    for (let i = 0; i < 50; i++) metrics.orderSubmitted('err', 'MARKET');
    metrics.error('err', 'TIMEOUT', 'RECOVERABLE');
    up('ok');
    for (let i = 0; i < 100; i++) metrics.orderSubmitted('ok', 'MARKET');
    metrics.error('ok', 'TIMEOUT', 'RECOVERABLE'); // exactly 1 %: not over
    metrics.recordRateLimit('ok', 'REQUEST_WEIGHT', 950, 1200); // 79 %
    up('cb');
    metrics.setCircuitOpen('cb', true);
    const fired = alerts.evaluate().map((e) => `${e.brokerId}:${e.details?.['rule']}`).sort();
    expect(fired).toEqual(['cb:circuit-open', 'cb:health-score-low', 'err:error-rate-high', 'lat:latency-high', 'rl:rate-limit-high']);
    expect(alerts.activeAlerts()).toHaveLength(5);
  });

  it('delivers other components\' alerts to sinks once per de-duplication window', () => {
    const { clock, bus, delivered } = setup();
    const killSwitch = () => bus.publish(createEvent({ type: 'Alert', severity: 'CRITICAL', source: 'kill-switch', message: 'order refused: kill switch' }, clock.now()));
    killSwitch();
    killSwitch();
    clock.advance(9_999);
    killSwitch();
    expect(delivered).toHaveLength(1);
    clock.advance(1);
    killSwitch();
    expect(delivered).toHaveLength(2);
  });

  it('writes alerts to a log sink by severity and survives a failing sink', async () => {
    const lines: { level: string; message: string }[] = [];
    const failing: AlertSink = { name: 'broken', send: () => Promise.reject(new Error('down')) };
    const { metrics, alerts, up } = setup([new LogAlertSink(memoryLogger(lines)), failing], 60_000, memoryLogger(lines));
    up('a');
    metrics.setCircuitOpen('a', true);
    alerts.evaluate();
    metrics.setCircuitOpen('a', false);
    alerts.evaluate();
    await alerts.flush();
    expect(lines.filter((l) => /^(resolved: )?a: circuit/.test(l.message)).map((l) => l.level)).toEqual(['error', 'info']);
    expect(lines.filter((l) => /^a: health score/.test(l.message)).map((l) => l.level)).toEqual(['warn']);
    expect(lines.filter((l) => l.message === 'alert sink failed')).toHaveLength(4);
  });
});

describe('WebhookAlertSink', () => {
  it('POSTs each alert as JSON to a loopback receiver and reports non-2xx answers', async () => {
    const hook = await startLoopbackWebhook();
    try {
      const sink = new WebhookAlertSink({ url: hook.url, headers: { authorization: 'Bearer hook-secret' } });
      const alert = createEvent({ type: 'Alert', severity: 'WARNING', source: 'monitoring:latency-high', message: 'slow', brokerId: 'a', details: { p99Ms: 1500 } }, 42);
      await sink.send(alert);
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]).toMatchObject({ method: 'POST', path: '/hook', body: { alert: { ...alert } } });
      expect(hook.received[0].headers['content-type']).toBe('application/json');
      expect(hook.received[0].headers['authorization']).toBe('Bearer hook-secret');
      hook.respondWith(500);
      await expect(sink.send(alert)).rejects.toThrow('webhook answered 500');
    } finally {
      await hook.close();
    }
  });

  it('is fed by the AlertManager end to end', async () => {
    const hook = await startLoopbackWebhook();
    const { metrics, alerts, up } = setup([new WebhookAlertSink({ url: hook.url })]);
    up('a');
    metrics.recordRateLimit('a', 'REQUEST_WEIGHT', 1200, 1200);
    alerts.evaluate();
    await alerts.close();
    await hook.close();
    const bodies = hook.received.map((r) => (r.body as { alert: AlertEvent }).alert);
    expect(bodies.map((a) => a.details?.['rule']).sort()).toEqual(['rate-limit-high']); // score 0.9: rate limit alone does not make it unhealthy
  });

  it('refuses non-http URLs', () => {
    expect(() => new WebhookAlertSink({ url: 'file:///etc/passwd' })).toThrow(TypeError);
  });
});
