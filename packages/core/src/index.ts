import 'reflect-metadata';

export * from './decimal/decimal';
export * from './domain';
export * from './errors/broker-error';
export * from './errors/errors';
export * from './ids/client-order-id';
export * from './events/events';
export * from './events/event-factory';
export * from './broker/connection-state';
export * from './orders/order-transitions';
export * from './orders/order-state-machine';
