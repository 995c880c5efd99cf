import { serviceToken } from '@silvertine/core';
import type { KillSwitch } from '../kill-switch/kill-switch';
import type { Reconciler } from '../reconciliation/reconciler';
import type { ManagedOrderJournal, SafetyStack } from '../safety/safety-stack';

/**
 * Inversify service identifiers of @silvertine/resilience, typed like core's (ServiceToken):
 * `container.get(RESILIENCE_TOKENS.KillSwitch)` is a KillSwitch. Symbol.for: equal across copies.
 */
export const RESILIENCE_TOKENS = {
  /** The order journal of live brokers: a FileOrderJournal by default, or one another module binds (redis). */
  OrderJournal: serviceToken<ManagedOrderJournal>('silvertine.resilience.OrderJournal'),
  Reconciler: serviceToken<Reconciler>('silvertine.resilience.Reconciler'),
  KillSwitch: serviceToken<KillSwitch>('silvertine.resilience.KillSwitch'),
  /** Journal, reconciliation and kill switch around every live broker (a BrokerLifecycle for config's factory). */
  SafetyStack: serviceToken<SafetyStack>('silvertine.resilience.SafetyStack'),
} as const;
