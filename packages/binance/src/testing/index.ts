/**
 * `@silvertine/binance/testing`: the adapter's internals, for tests, benchmarks and tools (the chaos
 * suite's hostile venue, golden tests of recorded payloads). Not the public API: what is exported here may
 * change with the venue's wire format.
 */
export { BinanceRestClient } from '../http/binance-rest-client';
export type { BinanceRestClientOptions, RestCall } from '../http/binance-rest-client';
export { GotTransport } from '../http/got-transport';
export { UndiciTransport } from '../http/undici-transport';
export { TransportFailure } from '../http/rest-transport';
export type { RestRequest, RestResponse, RestTransport, TransportFailureKind } from '../http/rest-transport';
export { RequestRateLimiter } from '../http/request-rate-limiter';
export { hmacSigner, ed25519Signer, toQueryString, wsApiPayload } from '../http/request-signer';
export type { RequestSigner } from '../http/request-signer';
export { BINANCE_ERROR_TABLE, mapBinanceError } from '../mapping/error-mapping';
export type { BinanceFailure } from '../mapping/error-mapping';
export * from '../mapping/binance-types';
export { fromNewOrderResponse, fromQueryOrder, fromMyTrade, fromMyTrades, toOrderParams, toOrderStatus, binanceOrderType } from '../mapping/order-mapping';
export { fromExecutionReport } from '../mapping/execution-report-mapping';
export type { ExecutionUpdate } from '../mapping/execution-report-mapping';
export { toBalances, fromAccountPosition, fromBalanceUpdate, applyBalanceDelta, toSpotPositions } from '../mapping/account-mapping';
export { fromBookTicker, fromStreamTrade, fromAggTrade, fromKline, fromPartialDepth } from '../mapping/market-data-mapping';
export { mapExchangeInfo, toInstrument, toSymbolRules } from '../mapping/instrument-mapping';
export { PayloadRejection } from '../decoding/payload-rejection';
export { decodeExecutionReport, executionReportOrderId } from '../decoding/execution-report.decoder';
export { decodeOutboundAccountPosition, decodeBalanceUpdate } from '../decoding/account-events.decoder';
export { decodeListStatus } from '../decoding/list-status.decoder';
export { decodeWsApiFrame } from '../decoding/ws-api-frame.decoder';
export { decodeCombinedFrame, decodeBookTicker, decodeStreamTrade, decodeAggTrade, decodePartialDepth, decodeKline } from '../decoding/market-frames.decoder';
export { decodeOrder, decodeOrders, decodeOrderList } from '../decoding/rest-order.decoder';
export { decodeAccount } from '../decoding/rest-account.decoder';
export { decodeMyTrades } from '../decoding/rest-trades.decoder';
export { decodeServerTime, decodeTickerPrices, decodeExchangeInfo } from '../decoding/rest-market.decoder';
export { parseFrame, MAX_FRAME_CHARS } from '../decoding/frame-size';
export { TradeCursor } from '../reconciliation/trade-cursor';
export { VenuePositionBaseline } from '../positions/venue-position-baseline';
