export { BinanceBroker } from './binance.broker';
export { plugin } from './binance.plugin';
export { BinanceConfig, BINANCE_ENDPOINTS, binanceConfig, resolveEndpoints } from './binance.config';
export type { BinanceDepthLevels, BinanceEndpoints, BinanceEnvironment, BinanceOrderEntry, BinanceTransportKind } from './binance.config';
export type { ResolutionSummary } from './binance.order-resolver';
export { BinanceVenueState } from './reconciliation/binance-venue-state';
export type { BinanceVenueStateOptions } from './reconciliation/binance-venue-state';
// Diagnostics (BinanceBroker.restClient): the type only; mappers, decoders, wire types and transports are in ./testing.
export type { BinanceRestClient } from './http/binance-rest-client';
export type { RateLimiterSnapshot } from './http/request-rate-limiter';
