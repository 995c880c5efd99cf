import { InvalidStateTransitionError } from '../errors/errors';

export type ConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED' | 'ERROR' | 'RECONNECTING';

/** Allowed connection transitions; anything else is a bug in the adapter. */
export const CONNECTION_TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  DISCONNECTED: ['CONNECTING'],
  CONNECTING: ['CONNECTED', 'ERROR', 'DISCONNECTED'],
  CONNECTED: ['DISCONNECTED', 'RECONNECTING', 'ERROR'],
  RECONNECTING: ['CONNECTED', 'ERROR', 'DISCONNECTED'],
  ERROR: ['CONNECTING', 'RECONNECTING', 'DISCONNECTED'],
};

export function canTransitionConnection(from: ConnectionState, to: ConnectionState): boolean {
  return CONNECTION_TRANSITIONS[from].includes(to);
}

/** Throws InvalidStateTransitionError unless from → to is allowed. */
export function assertConnectionTransition(from: ConnectionState, to: ConnectionState, brokerId?: string): void {
  if (!canTransitionConnection(from, to)) {
    throw new InvalidStateTransitionError('connection', from, to, { brokerId });
  }
}
