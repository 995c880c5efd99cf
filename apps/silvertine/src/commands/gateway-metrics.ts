import type { Monitoring } from '@silvertine/monitoring';
import type { StrategyUsage } from '@silvertine/redis';

type Registry = Monitoring['metrics']['registry'];
type Metric = Parameters<Registry['registerMetric']>[0];

interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * The gateway's per-strategy series on monitoring's registry (so /metrics shows them): commands by op,
 * places, places refused by the strategy's budget, and the budget's use in its window. Read from the
 * gateway at each scrape: nothing is counted twice.
 */
export function registerGatewayMetrics(registry: Registry, usage: () => readonly StrategyUsage[]): void {
  const series = (name: string, help: string, type: 'counter' | 'gauge', samples: (u: readonly StrategyUsage[]) => Sample[]) => {
    // prom-client reads name, help, type and get() of a registered metric (see monitoring's hot metrics).
    const metric = {
      name, help, type, aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: samples(usage()) }),
    };
    registry.registerMetric(metric as unknown as Metric);
  };
  const labels = (u: StrategyUsage) => ({ broker: u.brokerId, strategy: u.strategy });
  series('silvertine_gateway_strategy_commands_total', 'Commands a gateway executed, per strategy (RemoteBroker client id), broker and op', 'counter',
    (list) => list.flatMap((u) => Object.entries(u.commands).map(([op, value]) => ({ labels: { ...labels(u), op }, value: value ?? 0 }))));
  series('silvertine_gateway_strategy_orders_total', 'Places a gateway sent to the venue, per strategy and broker', 'counter',
    (list) => list.map((u) => ({ labels: labels(u), value: u.orders })));
  series('silvertine_gateway_strategy_budget_refusals_total', 'Places refused because the strategy spent its share of the rate limit, per strategy and broker', 'counter',
    (list) => list.map((u) => ({ labels: labels(u), value: u.refused })));
  series('silvertine_gateway_strategy_budget_used', 'Places of the strategy in the current budget window (0 without a budget)', 'gauge',
    (list) => list.map((u) => ({ labels: labels(u), value: u.inWindow })));
  series('silvertine_gateway_strategy_budget_orders', 'Places a strategy may send per budget window (absent without a budget)', 'gauge',
    (list) => list.filter((u) => u.budget !== undefined).map((u) => ({ labels: labels(u), value: u.budget ?? 0 })));
}
