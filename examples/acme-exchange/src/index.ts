export * from './acme-exchange.broker';
export * from './acme-exchange.config';
export * from './acme-exchange.plugin';
export * from './connection/acme-exchange.client';
export * from './mapping/acme-exchange.mapping';
export * from './reconciliation/acme-exchange.venue-state';
