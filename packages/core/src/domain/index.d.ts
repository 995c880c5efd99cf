export * from './instrument';
export * from './order';
export * from './account';
export * from './market-data';
