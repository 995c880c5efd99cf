/**
 * @silvertine/tws-emulator: a loopback server speaking the TWS API wire protocol (server version 193)
 * for testing Interactive Brokers clients through the real @stoqey/ib client.
 */
export * from './protocol';
export type { MatchEvent, OrderMatcher } from './matching/order-matcher.port';
export { QuoteMatcher } from './matching/quote-matcher';
export { PaperMatcher } from './matching/paper-matcher';
export * from './control/control.port';
export { ControlArgumentError, MAX_CONTROL_DOWNTIME_MS } from './control/control-arguments';
export { streamFaultBytes, type StreamFault } from './control/stream-faults';
export { ContractTable, DEFAULT_CONTRACTS, toInstrument } from './server/contract-table';
export { orderCommission, executionCommission } from './server/commission.schedule';
export type { ExecutionRecord } from './server/execution-store';
export type { LedgerPosition } from './server/account-ledger';
export type { TwsOrder, HoldReason } from './server/order-record';
export type { MarketQuote } from './server/tws-venue';
export type { MarketDataOptions } from './server/session-host';
export { startTwsEmulator, type TwsEmulator, type TwsEmulatorOptions } from './server/tws-emulator.server';
