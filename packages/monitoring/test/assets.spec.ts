import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PrometheusShadowMetrics } from '@silvertine/shadow';
import { BrokerMetrics } from '../src';

const root = join(__dirname, '..');
// The dashboard also shows shadow mode's gap (its prom-client sink lives in @silvertine/shadow).
const known = new Set([...new BrokerMetrics().metricNames(), ...new PrometheusShadowMetrics().metricNames()]);
/** Histogram and summary series carry suffixes the registry does not list. */
const family = (name: string) => (known.has(name) ? name : name.replace(/_(bucket|sum|count)$/, ''));
const metricsIn = (expr: string) => [...new Set(expr.match(/\bsilvertine_[a-z0-9_]+/g) ?? [])];

interface RuleFile { groups: { name: string; rules: { alert: string; expr: string; labels: { severity: string } }[] }[] }

describe('shipped Prometheus alerting rules', () => {
  const rules = parse(readFileSync(join(root, 'alerting/prometheus-rules.yaml'), 'utf8')) as RuleFile;
  const all = rules.groups.flatMap((g) => g.rules);

  it('parses, and every rule has an alert name, an expression and a severity', () => {
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const r of all) {
      expect(r.alert).toMatch(/^Silvertine[A-Za-z]+$/);
      expect(r.expr.trim().length).toBeGreaterThan(0);
      expect(['warning', 'critical']).toContain(r.labels.severity);
    }
  });

  it('names only metrics that BrokerMetrics registers', () => {
    const named = all.flatMap((r) => metricsIn(r.expr));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !known.has(family(n)))).toEqual([]);
  });

  it('covers every built-in alert rule with the same thresholds', () => {
    const text = all.map((r) => r.expr).join('\n');
    expect(text).toMatch(/silvertine_order_latency_seconds_bucket\{stage="ack"\}\[5m\]\)\)\) > 1\b/); // 1000 ms
    expect(text).toMatch(/silvertine_connection_state\{state=~"ERROR\|RECONNECTING"\}/);
    expect(text).toMatch(/silvertine_rate_limit_used_ratio\) >= 0\.8/);
    expect(text).toMatch(/> 0\.01/);
    expect(text).toMatch(/silvertine_broker_health_score < 0\.7/);
    expect(text).toMatch(/silvertine_circuit_open == 1/);
    expect(text).toMatch(/silvertine_kill_switch_active == 1/);
  });
});

describe('shipped Grafana dashboard', () => {
  interface Panel { title: string; targets: { expr: string }[] }
  const dashboard = JSON.parse(readFileSync(join(root, 'grafana/dashboard.json'), 'utf8')) as { uid: string; panels: Panel[]; templating: { list: { query: string }[] } };

  it('parses, and every panel has at least one query', () => {
    expect(dashboard.uid).toBe('silvertine-brokers');
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const p of dashboard.panels) expect(p.targets.length).toBeGreaterThan(0);
  });

  it('names only metrics that BrokerMetrics or the shadow sink register, and shows every one of them', () => {
    const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.templating.list.map((v) => v.query)];
    const named = new Set(exprs.flatMap(metricsIn).map(family));
    expect([...named].filter((n) => !known.has(n))).toEqual([]);
    expect([...known].filter((n) => !named.has(n))).toEqual([]);
  });
});
