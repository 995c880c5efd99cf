import type { Attack } from '../attack.types';
import { pushEvent, userDataAttack, type StreamKit } from './binance-stream.kit';

const TEN_MB = 10 * 1024 * 1024;

/** Random bytes from the attack's seeded random. */
function bytes(kit: StreamKit, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(kit.ctx.random() * 256)));
}

/** Fails the attack if a frame polluted Object.prototype. */
function checkPrototype(kit: StreamKit): void {
  if ((Object.prototype as Record<string, unknown>)['polluted'] !== undefined) kit.ctx.wrong('Object.prototype was polluted by a frame');
}

/**
 * Frames that are not user-data events at all, or are events without their fields: each must be
 * refused without touching state, with the stream still handled afterwards.
 */
export const BINANCE_FRAME_ATTACKS: readonly Attack[] = [
  userDataAttack('bn-ud-null-frame', 'a user-data frame that is `null`', (k) => void k.venue.pushUser('null'), { fast: true }),
  userDataAttack('bn-ud-empty-frame', 'an empty text frame', (k) => void k.venue.pushUser('')),
  userDataAttack('bn-ud-non-json', 'a torn frame `{"e":"executionReport",`', (k) => void k.venue.pushUser('{"e":"executionReport",')),
  userDataAttack('bn-ud-array', 'a frame that is a JSON array `[]`', (k) => void k.venue.pushUser('[]')),
  userDataAttack('bn-ud-number', 'a frame that is the number 5', (k) => void k.venue.pushUser('5')),
  userDataAttack('bn-ud-string', 'a frame that is a JSON string', (k) => void k.venue.pushUser('"executionReport"')),
  userDataAttack('bn-ud-random-bytes', '256 seeded random bytes in a binary frame', (k) => void k.venue.pushUser(bytes(k, 256))),
  userDataAttack('bn-ud-event-null', '`{"subscriptionId":0,"event":null}`', (k) => void k.venue.pushUser('{"subscriptionId":0,"event":null}')),
  userDataAttack('bn-ud-event-empty', 'an event `{}` without `e`', (k) => pushEvent(k, {})),
  userDataAttack('bn-ud-event-type-number', 'an event whose `e` is a number', (k) => pushEvent(k, { e: 5, E: 1 })),
  userDataAttack('bn-ud-exec-empty', 'an executionReport with no field but `e`', (k) => pushEvent(k, { e: 'executionReport' })),
  userDataAttack('bn-ud-exec-all-null', 'an executionReport of an order we never sent, every field null', (k) =>
    pushEvent(k, Object.fromEntries(Object.keys(k.report()).map((f) => [f, f === 'e' ? 'executionReport' : null]))), { reported: 'none' }),
  userDataAttack('bn-ud-exec-foreign-garbage', 'an executionReport for an order placed elsewhere with "NaN" prices and a "1e999999999" quantity', (k) =>
    pushEvent(k, { ...k.report('TRADE'), c: 'placedElsewhere1', i: 424242, L: 'NaN', p: 'NaN', l: '1e999999999', z: '1e999999999', t: 77 }), { reported: 'none' }),
  userDataAttack('bn-ud-10mb-json', 'a 10 MB JSON frame (an executionReport with a 10 MB field)', (k) => pushEvent(k, { ...k.report(), pad: 'x'.repeat(TEN_MB) }), { reported: 'none' }),
  userDataAttack('bn-ud-10mb-garbage', 'a 10 MB frame that is not JSON', (k) => void k.venue.pushUser('{'.repeat(TEN_MB))),
  userDataAttack('bn-ud-deep-nesting', 'a frame nested 100,000 arrays deep', (k) => void k.venue.pushUser(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
  userDataAttack('bn-ud-proto-pollution', 'an executionReport carrying `__proto__` and `constructor` keys', (k) =>
    void k.venue.pushUser(`{"subscriptionId":0,"event":{"e":"executionReport","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"c":"${k.target.clientOrderId}","x":"NEW","X":"NEW"}}`),
  { reported: 'none', after: checkPrototype, oracle: 'process alive; Object.prototype untouched; no state change; the stream still handled' }),
  userDataAttack('bn-ud-answer-unknown-id', 'a WebSocket API answer to a request never sent (`{"id":999,"status":200,"result":null}`)', (k) =>
    void k.venue.pushUser('{"id":999,"status":200,"result":null}'), { reported: 'none' }),
  userDataAttack('bn-ud-answer-bad-status', 'an answer with `id` null and status "abc"', (k) => void k.venue.pushUser('{"id":null,"status":"abc","error":5}')),
  userDataAttack('bn-ud-list-status-garbage', 'a listStatus event whose fields are null', (k) => pushEvent(k, { e: 'listStatus', E: null, s: null, g: null, c: null, l: null, L: null, r: null, C: null, T: null, O: null }), { reported: 'none' }),
];

