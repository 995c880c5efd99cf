import type { EventEnvelope, SilvertineEvent } from './events';
type WithoutEnvelope<E> = E extends SilvertineEvent ? Omit<E, keyof EventEnvelope> : never;
/** Input to `createEvent`: the event without id and timestamp. */
export type EventInput = WithoutEnvelope<SilvertineEvent>;
/**
 * Stamps an event with a fresh id and a timestamp (from the given clock, so tests in virtual time get
 * virtual timestamps).
 */
export declare function createEvent<I extends EventInput>(input: I, now?: number): I & EventEnvelope;
export {};
