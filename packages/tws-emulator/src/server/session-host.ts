import type { ClientSession } from './client-session';
import type { TwsVenue } from './tws-venue';

/** What a session needs from the server that owns it. */
export interface SessionHost {
  readonly venue: TwsVenue;
  readonly accounts: readonly string[];
  now(): number;
  /** True when another live session already uses this client id (TWS error 326). */
  clientIdInUse(clientId: number, asking: ClientSession): boolean;
  /** A message id the emulator does not serve: recorded so tests can see what a client asked for. */
  unsupported(messageId: number, session: ClientSession): void;
  /** The session's socket closed. */
  closed(session: ClientSession): void;
}
