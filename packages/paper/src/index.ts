// Public surface of @silvertine/paper. Everything else is internal.
export * from './engine/matching-engine';
export * from './engine/engine-config';
export * from './engine/engine-events';
export { sessionEndFunction, parseTimeOfDay, type SessionEndConfig } from './engine/session';
export { barPath, type PathPoint } from './engine/bar-path';
export { MarketStats } from './engine/market-stats';
export { validateRequest, checkMinNotional, type Rejection } from './engine/validation';
export * from './models/slippage';
export * from './models/commission';
export * from './models/latency';
export * from './models/random';
export * from './portfolio/portfolio';
export * from './broker/paper-trading.broker';
export * from './broker/paper-trading.config';
export * from './market-data';
export * from './paper.plugin';
