import { createHash } from 'node:crypto';

/** Prefix of every shadow client order id: the mirror is recognisable in the paper broker's logs. */
export const SHADOW_ID_PREFIX = 's-';

/**
 * The shadow's client order id for a live one: `s-<live id>` while that fits core's 36-character rule,
 * otherwise `s-` and the first 34 hex digits of its SHA-256 (a long live id still maps to one fixed,
 * valid, practically collision-free shadow id, and the same live id always maps to the same one).
 */
export function shadowClientOrderId(liveClientOrderId: string): string {
  const plain = SHADOW_ID_PREFIX + liveClientOrderId;
  if (plain.length <= 36) return plain;
  return SHADOW_ID_PREFIX + createHash('sha256').update(liveClientOrderId).digest('hex').slice(0, 34);
}
