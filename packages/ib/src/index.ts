/**
 * @silvertine/ib: Interactive Brokers (TWS / IB Gateway) for Silvertine. What users need, by name; the
 * mappers, decoders and wire helpers are internal (tests reach them through `@silvertine/ib/testing`).
 */
export { InteractiveBrokersBroker, IbBroker } from './ib.broker';
export { IbBrokerConfig, IbContractEntry, IbReconnectPolicy, normalizeIbConfig, type IbBrokerConfigInput, type InteractiveBrokersConfig } from './ib.config';
export { plugin } from './ib.plugin';
export type { IbVenueState, IbVenueOrderRef } from './reconciliation/ib-venue-state';
/** The transport's type, for diagnostics and tests that listen on the raw event stream. */
export type { IbConnection } from './connection/ib-connection';
