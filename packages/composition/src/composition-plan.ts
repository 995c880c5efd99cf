import { ContainerModule } from 'inversify';
import { serviceIdentifier } from '@silvertine/core';
import { CONFIG_TOKENS, resolveSafetyPaths, type BrokerLifecycle, type SilvertineConfig } from '@silvertine/config';
import { MONITORING_TOKENS, createMonitoringModule, type KillSwitchControl } from '@silvertine/monitoring';
import { RESILIENCE_TOKENS, createResilienceModule, type KillSwitch, type ResilienceModuleOptions } from '@silvertine/resilience';
import type { RedisModuleOptions } from '@silvertine/redis';

/** What the configuration asks the composition for. */
export interface CompositionPlan {
  /** Monitoring's HTTP endpoints and metrics sink (undefined: off). */
  readonly monitoring?: { readonly host: string; readonly port: number; readonly token?: string };
  /** The safety stack of live brokers (undefined: `resilience: { enabled: false }`). */
  readonly resilience?: ResilienceModuleOptions;
  /** Redis, when the file has a `redis:` section. */
  readonly redis?: RedisModuleOptions;
}

/** Reads the plan from the configuration (and whether monitoring is wanted at all). */
export function compositionPlan(config: SilvertineConfig, options: { readonly monitoring?: boolean } = {}): CompositionPlan {
  const monitoringOn = options.monitoring !== false && config.monitoring.enabled !== false;
  const r = config.resilience;
  const journalKind = r.journal?.enabled === false ? 'none' : (r.journal?.kind ?? 'file');
  const paths = resolveSafetyPaths(config);
  const resilience: ResilienceModuleOptions | undefined = r.enabled === false ? undefined : {
    // lock: one process per state directory (a second gets StateDirectoryLockedError, exit 3)
    journal: journalKind === 'file' ? { path: paths.journalFile, fsync: r.journal?.fsync, fsyncIntervalMs: r.journal?.fsyncIntervalMs, lock: true } : false,
    reconciliation: r.reconciliation?.enabled === false ? false : { onConnect: r.reconciliation?.onConnect, onReconnect: r.reconciliation?.onReconnect, fillLookbackMs: r.reconciliation?.fillLookbackMs },
    // followed: `silvertine kill-switch engage` in another shell reaches this process through the file
    killSwitch: r.killSwitch?.enabled === false ? false : { stateFile: paths.killSwitchFile, watchStateFile: true },
  };
  const redis = config.redis;
  return {
    monitoring: monitoringOn ? { host: config.monitoring.host ?? '127.0.0.1', port: config.monitoring.port ?? 0, token: config.monitoring.token } : undefined,
    resilience,
    redis: redis && {
      url: redis.url,
      // lock: one process per journal stream (a second gets RedisJournalLockedError, exit 3 as for the file lock)
      journal: resilience && journalKind === 'redis' ? { stream: redis.journalStream ?? 'silvertine:journal', lock: {} } : undefined,
      bridge: redis.bridge?.enabled ? { prefix: redis.bridge.prefix ?? 'silvertine:' } : undefined,
    },
  };
}

/**
 * The modules of the plan, in load order, after core's: monitoring (its BrokerMetrics becomes the
 * metrics sink), resilience, then the app's own module, which hands the services that join every
 * broker's life (monitoring's VenueLabeller, resilience's SafetyStack) to config's broker factory as
 * BrokerLifecycle hooks. Redis and config are loaded by the caller (Redis is imported only when
 * configured; config after the plugins are registered).
 */
export function planModules(plan: CompositionPlan): ContainerModule[] {
  return [
    ...(plan.monitoring ? [createMonitoringModule({ http: plan.monitoring })] : []),
    ...(plan.resilience ? [createResilienceModule(plan.resilience)] : []),
    createAppModule(plan),
  ];
}

/** Binds the BrokerLifecycle hooks of the plan (the app's only bindings: it owns no service). */
export function createAppModule(plan: CompositionPlan): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const hook = serviceIdentifier(CONFIG_TOKENS.BrokerLifecycle);
    if (plan.monitoring) bind(hook).toDynamicValue((ctx): BrokerLifecycle => ctx.get(MONITORING_TOKENS.VenueLabeller));
    if (plan.resilience) bind(hook).toDynamicValue((ctx): BrokerLifecycle => ctx.get(RESILIENCE_TOKENS.SafetyStack));
    if (plan.monitoring && plan.resilience && plan.resilience.killSwitch !== false) {
      bind(serviceIdentifier(MONITORING_TOKENS.KillSwitchControl)).toDynamicValue((ctx) => httpControl(ctx.get(RESILIENCE_TOKENS.KillSwitch))).inSingletonScope();
    }
  });
}

/**
 * The kill switch as monitoring's `/kill-switch` drives it. The switch reads its state file when the
 * first live broker is built; a POST before that (a run of paper brokers only) reads it first, so that
 * an engage or release starts from the state the file holds.
 */
function httpControl(killSwitch: KillSwitch): KillSwitchControl {
  return {
    get reason() {
      return killSwitch.reason;
    },
    engage: async (reason) => {
      await killSwitch.restore();
      return killSwitch.engage(reason);
    },
    release: async () => {
      await killSwitch.restore();
      await killSwitch.release();
    },
  };
}
