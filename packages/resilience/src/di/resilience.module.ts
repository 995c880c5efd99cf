import { ContainerModule } from 'inversify';
import { CORE_TOKENS, serviceIdentifier } from '@silvertine/core';
import { FileOrderJournal, type FsyncPolicy } from '../journal/file-order-journal';
import { KillSwitch } from '../kill-switch/kill-switch';
import { Reconciler } from '../reconciliation/reconciler';
import { SafetyStack, type SafetyStackBrokerInfo } from '../safety/safety-stack';
import { RESILIENCE_TOKENS } from './resilience.tokens';

/** What the resilience module binds, and how. */
export interface ResilienceModuleOptions {
  /**
   * An append-only file journal at `path`; `false` binds none (another module may bind
   * RESILIENCE_TOKENS.OrderJournal, e.g. @silvertine/redis's; without one, brokers are not journaled).
   */
  readonly journal?: { readonly path: string; readonly fsync?: FsyncPolicy; readonly fsyncIntervalMs?: number; readonly lock?: boolean } | false;
  /** Reconciliation after connect and after every reconnect (both on by default); `false` binds no Reconciler. */
  readonly reconciliation?: { readonly onConnect?: boolean; readonly onReconnect?: boolean; readonly fillLookbackMs?: number } | false;
  /**
   * The kill switch, its state kept in `stateFile` across restarts when given; with `watchStateFile`, a
   * change another process makes to that file (`silvertine kill-switch engage`) engages or releases this
   * one. `false` binds none.
   */
  readonly killSwitch?: { readonly stateFile?: string; readonly watchStateFile?: boolean } | false;
  /** Which brokers the stack guards (default every type but paper). */
  readonly guards?: (info: SafetyStackBrokerInfo) => boolean;
}

/**
 * Binds the resilience layer of live brokers: RESILIENCE_TOKENS.OrderJournal (a FileOrderJournal, when
 * `journal` is given), Reconciler, KillSwitch and the SafetyStack that applies them to every broker the
 * factory builds.
 *
 * Expects (from `createCoreModule()`): EventBus, Clock, Logger. Optional: RESILIENCE_TOKENS.OrderJournal
 * from another module when `journal: false`. The composition root binds the SafetyStack as one of
 * config's BrokerLifecycle hooks and calls its `close()` at the end.
 */
export function createResilienceModule(options: ResilienceModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const journal = options.journal;
    if (journal) {
      bind(serviceIdentifier(RESILIENCE_TOKENS.OrderJournal))
        .toDynamicValue((ctx) => new FileOrderJournal({ path: journal.path, fsync: journal.fsync ?? 'always', fsyncIntervalMs: journal.fsyncIntervalMs, lock: journal.lock, clock: ctx.get(CORE_TOKENS.Clock), bus: ctx.get(CORE_TOKENS.EventBus) }))
        .inSingletonScope();
    }
    const reconciliation = options.reconciliation ?? {};
    if (reconciliation) {
      bind(serviceIdentifier(RESILIENCE_TOKENS.Reconciler))
        .toDynamicValue((ctx) => new Reconciler({ clock: ctx.get(CORE_TOKENS.Clock), bus: ctx.get(CORE_TOKENS.EventBus), fillLookbackMs: reconciliation.fillLookbackMs }))
        .inSingletonScope();
    }
    const killSwitch = options.killSwitch ?? {};
    if (killSwitch) {
      bind(serviceIdentifier(RESILIENCE_TOKENS.KillSwitch))
        .toDynamicValue((ctx) => {
          const kill = new KillSwitch({ clock: ctx.get(CORE_TOKENS.Clock), bus: ctx.get(CORE_TOKENS.EventBus), stateFile: killSwitch.stateFile, watchStateFile: killSwitch.watchStateFile });
          kill.install();
          return kill;
        })
        .inSingletonScope();
    }
    bind(serviceIdentifier(RESILIENCE_TOKENS.SafetyStack))
      .toDynamicValue((ctx) => new SafetyStack({
        journal: ctx.get(RESILIENCE_TOKENS.OrderJournal, { optional: true }),
        reconciler: ctx.get(RESILIENCE_TOKENS.Reconciler, { optional: true }),
        reconcileOnConnect: reconciliation ? reconciliation.onConnect : undefined,
        reconcileOnReconnect: reconciliation ? reconciliation.onReconnect : undefined,
        killSwitch: ctx.get(RESILIENCE_TOKENS.KillSwitch, { optional: true }),
        guards: options.guards,
        logger: ctx.get(CORE_TOKENS.Logger),
        clock: ctx.get(CORE_TOKENS.Clock),
      }))
      .inSingletonScope();
  });
}
