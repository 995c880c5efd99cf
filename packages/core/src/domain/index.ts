export * from './instrument';
export * from './order';
export * from './order-type-traits';
export * from './account';
export * from './market-data';
