export * from './broker-contract';
export * from './reference-broker';
export * from './wait-for';
export { ManualClock } from '../clock/manual-clock';
export * from './fill-check-contract';
export * from './virtual-time';
