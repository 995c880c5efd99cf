/**
 * The broker's error boundary as the streams use it. Frames arrive in a WebSocket's event handler or a
 * setImmediate, where anything thrown would end the process: every frame is handled through `run`.
 */
export interface InboundBoundary {
  /**
   * Calls `handler(payload)`. A PayloadRejection it throws becomes a VenuePayloadError of `kind` with an
   * excerpt of `payload`; anything else is reported through the broker's boundary. Nothing is rethrown.
   * `handler` should be created once (a bound method), not per frame.
   */
  run<T>(kind: string, payload: T, handler: (payload: T) => void): void;
  /** Reports a refused message of `kind` (VenuePayloadError event and counter); the caller applies nothing of it. */
  reject(kind: string, reason: string, payload: unknown): void;
}
