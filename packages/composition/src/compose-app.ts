import { Container } from 'inversify';
import { CORE_TOKENS, createCoreModule, createLogger, type Clock, type EventBus, type Logger } from '@silvertine/core';
import { BrokerFactory, createConfigModule, CONFIG_TOKENS, loadPlugins, type LoadedPlugin, type SilvertineConfig } from '@silvertine/config';
import { MONITORING_TOKENS, type Monitoring } from '@silvertine/monitoring';
import { RESILIENCE_TOKENS, type SafetyStack } from '@silvertine/resilience';
import { compositionPlan, planModules, type CompositionPlan } from './composition-plan';
import { startRedis as startRedisModule, type RunningRedis } from './redis-start';

export interface ComposeAppOptions {
  /** The loaded configuration (`loadConfig` / `parseConfig` of @silvertine/config). */
  readonly config: SilvertineConfig;
  /** Default: core's logger at the config's `logging.level`, redacting the config's secrets. */
  readonly logger?: Logger;
  /** Virtual time for a backtest; default the wall clock. */
  readonly clock?: Clock;
  /** Bind monitoring when the config enables it (default true); its HTTP server starts only on `monitoring.start()`. */
  readonly monitoring?: boolean;
  /** Starts Redis when the config has a `redis:` section (default: this package's `startRedis`). */
  readonly startRedis?: (container: Container, options: NonNullable<CompositionPlan['redis']>) => Promise<RunningRedis>;
  /**
   * Test seam: called once every module is loaded and before any service is resolved, to rebind a
   * service or wrap one (`container.onActivation`). The chaos suite wraps the order journal of its
   * SIGKILL child with it; an app has no use for it.
   */
  readonly configure?: (container: Container) => void;
}

/** The container a configuration composes, with what an app resolves from it. */
export interface AppComposition {
  readonly container: Container;
  readonly config: SilvertineConfig;
  readonly plan: CompositionPlan;
  readonly factory: BrokerFactory;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly monitoring?: Monitoring;
  /** The plugins named under `plugins:`, with the file each was loaded from. */
  readonly plugins: readonly LoadedPlugin[];
  /** The safety stack (journal, reconciliation, kill switch around every live broker), unless `resilience: { enabled: false }`. */
  readonly safety?: SafetyStack;
  /** Redis, when the config has a `redis:` section. */
  readonly redis?: RunningRedis;
}

/**
 * The composition root of a Silvertine app: one Inversify container built only by loading modules
 * (core, monitoring, resilience, redis when configured, the BrokerLifecycle hooks, config), resolved
 * here. Every broker the factory builds reports to monitoring's metrics and, when it is live (not
 * paper), runs under the safety stack. apps/silvertine's AppContext and the chaos suite's rigs both
 * compose through this function, so what the chaos suite tests is what `silvertine run` runs.
 *
 * Close with `closeComposition` (brokers, safety stack, Redis, bus), or through the app that owns it.
 */
export async function composeApp(options: ComposeAppOptions): Promise<AppComposition> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logging.level ?? 'info', secrets: config.secrets, transports: undefined });
  const container = new Container();
  container.loadSync(createCoreModule({ logger, clock: options.clock }));
  const plan = compositionPlan(config, { monitoring: options.monitoring });
  container.loadSync(...planModules(plan));
  const redis = plan.redis ? await (options.startRedis ?? startRedisModule)(container, plan.redis) : undefined;
  try {
    const plugins = await loadPlugins(config.plugins, container.get(CORE_TOKENS.BrokerRegistry), { baseDir: config.baseDir, logger });
    container.loadSync(createConfigModule(config));
    options.configure?.(container);
    return {
      container, config, plan, plugins, redis, logger,
      factory: container.get(CONFIG_TOKENS.BrokerFactory),
      bus: container.get(CORE_TOKENS.EventBus),
      clock: container.get(CORE_TOKENS.Clock),
      monitoring: container.get(MONITORING_TOKENS.Monitoring, { optional: true }),
      safety: container.get(RESILIENCE_TOKENS.SafetyStack, { optional: true }),
    };
  } catch (error) {
    await redis?.close();
    throw error;
  }
}

/** Closes what `composeApp` built: monitoring, every broker, the safety stack (flushing the journal), Redis, the bus. */
export async function closeComposition(app: Pick<AppComposition, 'monitoring' | 'factory' | 'safety' | 'redis' | 'bus'>): Promise<void> {
  // Monitoring first, so that brokers going down on purpose do not raise connection alerts.
  await app.monitoring?.close();
  await app.factory.disconnectAll();
  await app.safety?.close();
  await app.redis?.close();
  app.bus.close();
}
