export * from './virtual-time';
