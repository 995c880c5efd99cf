import type { ClientSession } from './client-session';
import type { TwsVenue } from './tws-venue';

/** How the emulator serves market data (reqMktData); everything has a default. */
export interface MarketDataOptions {
  /**
   * The login has live market data (default true). False is a login without subscriptions: a session
   * that asked reqMarketDataType 3 or 4 gets delayed ticks (66-71), one that did not gets error 354.
   */
  readonly live?: boolean;
  /** A snapshot ends with TICK_SNAPSHOT_END (default true); false leaves every snapshot open, like a TWS that never finishes one. */
  readonly snapshotEnd?: boolean;
}

/** What a session needs from the server that owns it. */
export interface SessionHost {
  readonly venue: TwsVenue;
  readonly accounts: readonly string[];
  /** How market data is served (TwsEmulatorOptions.marketData, defaults applied). */
  readonly marketData: Required<MarketDataOptions>;
  now(): number;
  /** True when another live session already uses this client id (TWS error 326). */
  clientIdInUse(clientId: number, asking: ClientSession): boolean;
  /** A message id the emulator does not serve: recorded so tests can see what a client asked for. */
  unsupported(messageId: number, session: ClientSession): void;
  /** The session's socket closed. */
  closed(session: ClientSession): void;
}
