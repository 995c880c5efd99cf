export * from './serialization/domain.codec';
export * from './serialization/event.codec';
export * from './retry/backoff';
export * from './retry/read-retry.policy';
export * from './circuit-breaker/circuit-breaker';
export * from './circuit-breaker/circuit-breaker.registry';
