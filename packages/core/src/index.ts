import 'reflect-metadata';

// Named first for what every order touches across packages: CommonJS output (tsc's and swc's) turns
// `export *` into one shared getter closure per re-exported name, a megamorphic property read on every
// use (~2-3 % of a paper order in profiles); a named re-export compiles to its own monomorphic getter.
export { Decimal, dec } from './decimal/decimal';
export { ORDER_TYPE_TRAITS } from './domain/order-type-traits';
export { isTerminalStatus, isOpenStatus } from './domain/order';
export { asTouch, topOfBook } from './domain/market-data';
export { createEvent, newEventId } from './events/event-factory';

export * from './decimal/decimal';
export * from './domain';
export * from './errors/broker-error';
export * from './errors/errors';
export * from './ids/client-order-id';
export * from './events/events';
export * from './events/event-factory';
export * from './events/event-bus';
export * from './orders/order-transitions';
export * from './orders/order-state-machine';
export * from './orders/order-tracker';
export * from './broker/connection-state';
export * from './connection/backoff-schedule';
export * from './connection/connection-supervisor';
export * from './broker/capabilities';
export * from './broker/order-previewer';
export { offersTicker, type Ticker, type TickerProvider } from './broker/ticker';
export * from './broker/broker';
export * from './broker/instrument-provider';
export * from './reconciliation/venue-state-source';
export * from './reconciliation/reconcilable-broker';
export * from './broker/broker-init';
export * from './broker/abstract-broker';
export * from './broker/order-request';
export * from './broker/order-validator';
export * from './clock/clock';
export * from './clock/manual-clock';
export * from './random/seeded-random';
export * from './metrics/metrics-sink';
export * from './logging/logger';
export * from './logging/noop-logger';
export * from './logging/redaction';
export * from './registry/register-broker.decorator';
export * from './registry/broker-registry';
export * from './di/service-token';
export * from './di/tokens';
export * from './di/core.module';
export { SUPPORTED_INVERSIFY_RANGE, assertSupportedInversify, installedInversify, isSupportedInversify, type InstalledPackage } from './di/inversify-version';
export * from './portfolio/position-ledger';
export * from './journal/order-journal';
export * from './risk/pre-trade-check';
export * from './risk/risk-limits';
