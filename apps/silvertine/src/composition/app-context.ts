import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { Container } from 'inversify';
import type { Broker, Clock, EventBus, Logger } from '@silvertine/core';
import { BrokerFactory, loadConfig, type LoadedPlugin, type SilvertineConfig } from '@silvertine/config';
import { closeComposition, composeApp } from '@silvertine/composition';
import type { Monitoring } from '@silvertine/monitoring';
import type { SafetyStack } from '@silvertine/resilience';
import { EXIT, UserError } from '../cli/exit-codes';
import { startRedis, type RunningRedis } from './redis-composition';

/** Where the embedded default lives: next to the compiled app (copied at build) or in the repository. */
export function defaultConfigPath(): string {
  const candidates = [
    process.env.SILVERTINE_CONFIG,
    path.resolve(__dirname, '..', 'config', 'silvertine.yaml'),
    path.resolve(__dirname, '..', '..', '..', '..', 'config', 'silvertine.yaml'),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new UserError(`no configuration given and no embedded default found (looked in ${candidates.join(', ')})`, EXIT.INVALID_CONFIG);
  return found;
}

export interface AppContextOptions {
  readonly configPath?: string;
  /** An already loaded configuration (then configPath and environment are ignored). */
  readonly config?: SilvertineConfig;
  readonly environment?: string;
  /** Start /health, /metrics and the dashboard when the config enables them (default true). */
  readonly monitoring?: boolean;
  /** Log to stderr as JSON lines (default: config's logging level, format json). */
  readonly logger?: Logger;
  /** Virtual time for a backtest; default the wall clock. */
  readonly clock?: Clock;
}

/**
 * The composition root: one Inversify container built only by loading modules (core, monitoring,
 * resilience, redis when configured, the app's hooks, config), then resolved here and nowhere else.
 * Every broker the factory builds reports to monitoring's metrics and, when it is live (not paper),
 * runs under the safety stack: journal, reconciliation at connect and after reconnects, kill switch.
 */
export class AppContext {
  private monitoringStarted = false;

  private constructor(
    readonly container: Container,
    readonly config: SilvertineConfig,
    readonly factory: BrokerFactory,
    readonly bus: EventBus,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly monitoring?: Monitoring,
    /** The plugins named under `plugins:`, with the file each was loaded from. */
    readonly plugins: readonly LoadedPlugin[] = [],
    /** The safety stack, unless `resilience: { enabled: false }`. */
    readonly safety?: SafetyStack,
    readonly redis?: RunningRedis,
  ) {}

  static async create(options: AppContextOptions = {}): Promise<AppContext> {
    const config = options.config ?? (await AppContext.loadConfig(options));
    // The shared composition root (@silvertine/composition): the chaos suite's rigs compose the same way.
    const app = await composeApp({ config, logger: options.logger, clock: options.clock, monitoring: options.monitoring, startRedis });
    return new AppContext(app.container, config, app.factory, app.bus, app.clock, app.logger, app.monitoring, app.plugins, app.safety, app.redis);
  }

  /** Loads and validates the configuration (the embedded default when no path is given). */
  static loadConfig(options: Pick<AppContextOptions, 'configPath' | 'environment'> = {}): Promise<SilvertineConfig> {
    return loadConfig(options.configPath ?? defaultConfigPath(), { environment: options.environment });
  }

  /** Starts monitoring's HTTP server; resolves with its URL. */
  async startMonitoring(): Promise<string | undefined> {
    if (!this.monitoring || this.monitoringStarted) return undefined;
    this.monitoringStarted = true;
    try {
      return await this.monitoring.start();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
      const where = `${this.config.monitoring.host ?? '127.0.0.1'}:${this.config.monitoring.port ?? 0}`;
      const why = code === 'EADDRINUSE' ? 'is in use (another silvertine run?)' : 'may not be bound by this user';
      throw new UserError(`monitoring address ${where} ${why}: choose another port (SILVERTINE_METRICS_PORT=<port> with the default config, monitoring.port otherwise) or pass --no-monitoring`, EXIT.INVALID_CONFIG);
    }
  }

  /** The broker named `name`, or the only/first enabled one; connected. */
  async broker(name?: string): Promise<Broker> {
    const names = this.factory.names();
    const chosen = name ?? this.factory.enabledNames()[0];
    if (!chosen || !names.includes(chosen)) {
      throw new UserError(`unknown broker "${name}"; brokers in ${this.config.file ?? 'the configuration'}: ${names.join(', ') || '(none)'}`, EXIT.UNKNOWN_BROKER);
    }
    return this.factory.createBroker(chosen);
  }

  /** Disconnects every broker, closes the journal, Redis and monitoring: leaves no socket or timer behind. */
  async close(): Promise<void> {
    await closeComposition(this);
  }
}
