import { EventName } from '@stoqey/ib';
// the real client decoder, reached past the package's public surface: it is what the adapter runs on
import { Decoder } from '@stoqey/ib/dist/core/io/decoder';

/** One event @stoqey/ib emitted for a message, with the arguments the adapter's listener receives. */
export interface WireEvent {
  readonly name: string;
  readonly args: unknown[];
}

/**
 * Runs one server message (a token array, as recorded in wire-protocol.json or built by the emulator's
 * encoders) through @stoqey/ib's own decoder at a server version, and returns what it emits: exactly
 * what IbConnection's listeners would be called with.
 */
export function decodeWire(tokens: readonly string[], serverVersion = 193): WireEvent[] {
  const events: WireEvent[] = [];
  const decoder = new Decoder({
    serverVersion,
    emitEvent: (name: EventName, ...args: unknown[]) => events.push({ name, args }),
    emitError: (message: string, code: number, reqId?: number) => events.push({ name: EventName.error, args: [new Error(message), code, reqId ?? -1] }),
    emitInfo: (message: string, code: number) => events.push({ name: EventName.info, args: [message, code] }),
  });
  decoder.enqueueMessage([...tokens]);
  decoder.process();
  return events;
}

/** The arguments of the one event named `name` (fails the test when there is none). */
export function argsOf(events: readonly WireEvent[], name: string): unknown[] {
  const event = events.find((e) => e.name === name);
  if (!event) throw new Error(`no ${name} event among ${events.map((e) => e.name).join(', ')}`);
  return event.args;
}
