/**
 * @silvertine/ib/testing: the adapter's pure decoders and mappers, for golden tests and fuzzing from
 * recorded TWS payloads (apps/chaos), and the placeOrder → ack bench rounds (the package bench and apps/e2e's).
 * Not part of the adapter's API: names here may change with it.
 */
export * from '../decoding/decode-fields';
export * from '../decoding/order-events.decoder';
export * from '../decoding/execution.decoder';
export * from '../decoding/open-order.decoder';
export * from '../decoding/account.decoder';
export * from '../decoding/contract.decoder';
export * from '../mapping/account.mapper';
export * from '../mapping/contract.mapper';
export * from '../mapping/error-mapping';
export * from '../mapping/execution.mapper';
export * from '../mapping/numbers';
export * from '../mapping/order.mapper';
export * from '../mapping/status.mapper';
export * from '../mapping/open-order.mapper';
export { FrameGuard } from '../connection/frame-guard';
export * from './place-order-rounds';
