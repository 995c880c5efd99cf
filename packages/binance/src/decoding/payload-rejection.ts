/**
 * Thrown by a decoder when a venue message does not have the shape it must have, naming the field and
 * the rule it broke. Internal to the adapter: the broker's inbound boundary turns it into a core
 * `VenuePayloadError` (with the message kind, a short redacted excerpt and the rejection counter), and
 * nothing the message carried is applied.
 */
export class PayloadRejection extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    got?: string,
  ) {
    super(got === undefined ? `${field} ${rule}` : `${field} ${rule} (got ${got})`);
    this.name = 'PayloadRejection';
  }
}

/** A short, safe rendering of a rejected value for the reason text (never the whole of a long string). */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
