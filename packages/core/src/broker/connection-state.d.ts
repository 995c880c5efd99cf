export type ConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED' | 'ERROR' | 'RECONNECTING';
/** Allowed connection transitions; anything else is a bug in the adapter. */
export declare const CONNECTION_TRANSITIONS: Readonly<Record<ConnectionState, readonly ConnectionState[]>>;
export declare function canTransitionConnection(from: ConnectionState, to: ConnectionState): boolean;
/** Throws InvalidStateTransitionError unless from → to is allowed. */
export declare function assertConnectionTransition(from: ConnectionState, to: ConnectionState, brokerId?: string): void;
