/**
 * The backoff schedule is core's (its ConnectionSupervisor reconnects on it; read retries here use the
 * same one); re-exported for code written against resilience.
 */
export { BackoffSchedule, backoffDelay, type BackoffOptions } from '@silvertine/core';
