import { BrokerRegistry, EventBus, type Broker } from '@silvertine/core';
import { BrokerFactory, loadPlugins, parseConfig, type SilvertineConfig } from '@silvertine/config';
import { Monitoring } from '@silvertine/monitoring';
import type { AttackContext } from '../attack.types';
import { ProductEvents } from './product-events';

/**
 * The product as the composition root builds it (see apps/silvertine's AppContext): a YAML text with
 * `${VAR}` secrets, parsed by @silvertine/config, plugins loaded by name into a registry, one bus, the
 * monitoring package's metrics as every broker's sink, and BrokerFactory creating the broker.
 */
export class YamlComposition {
  private constructor(
    readonly config: SilvertineConfig,
    readonly bus: EventBus,
    readonly monitoring: Monitoring,
    readonly factory: BrokerFactory,
    readonly events: ProductEvents,
    private readonly ctx: AttackContext,
  ) {}

  /** Parses `yaml` with `env` as the environment (secrets registered with the scan) and loads its plugins. */
  static async create(ctx: AttackContext, yaml: string, env: Readonly<Record<string, string>>): Promise<YamlComposition> {
    for (const [name, value] of Object.entries(env)) if (/KEY|SECRET|TOKEN/.test(name)) ctx.addSecret(value);
    const config = await parseConfig(yaml, { env, dotenv: false, file: 'hostile.yaml', baseDir: ctx.tmpDir });
    const registry = new BrokerRegistry();
    await loadPlugins(config.plugins, registry, { baseDir: config.baseDir });
    const bus = new EventBus();
    const monitoring = new Monitoring({ bus, logger: ctx.logger });
    const factory = new BrokerFactory({ config, registry, bus, logger: ctx.logger, metrics: monitoring.metrics });
    return new YamlComposition(config, bus, monitoring, factory, new ProductEvents(ctx, bus), ctx);
  }

  /** Creates and connects the named broker (what `silvertine run` does for each enabled one). */
  broker(name: string): Promise<Broker> {
    return this.factory.createBroker(name);
  }

  /** The Prometheus text of the metrics (exposed to the secret scan). */
  async metricsText(): Promise<string> {
    const text = await this.monitoring.metrics.metricsText();
    this.ctx.expose('metrics', text);
    return text;
  }

  /** Sum of `silvertine_venue_messages_rejected_total` over its labels. */
  async rejectedMessages(): Promise<number> {
    const text = await this.metricsText();
    let total = 0;
    for (const line of text.split('\n')) if (line.startsWith('silvertine_venue_messages_rejected_total')) total += Number(line.split(' ').pop());
    return total;
  }

  async close(): Promise<void> {
    await this.metricsText().catch(() => undefined);
    this.events.close();
    await this.factory.disconnectAll();
    await this.monitoring.close();
    this.bus.close();
  }
}
