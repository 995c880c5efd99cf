/**
 * The ConnectionSupervisor moved into @silvertine/core (the one reconnect policy every adapter runs
 * under); re-exported here so that code written against resilience keeps working.
 */
export {
  ConnectionSupervisor,
  type ConnectionStateTarget,
  type ConnectionSupervisorOptions,
  type SupervisedConnection,
  type SupervisorEvent,
} from '@silvertine/core';
