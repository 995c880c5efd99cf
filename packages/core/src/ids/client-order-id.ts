import { randomBytes } from 'node:crypto';
import { seededRandom } from '../random/seeded-random';

// Crockford base32: sorts the same as a string and as a number, no ambiguous letters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10; // 48-bit millisecond timestamp
const INSTANCE_CHARS = 4; // 20 random bits per generator
const COUNTER_CHARS = 10; // 50-bit counter within one millisecond
const MAX_COUNTER = 32 ** COUNTER_CHARS;
/** The last two counter characters for each of their 1024 values: an id is a cached head plus one of these. */
const LOW_PAIRS: readonly string[] = Array.from({ length: 1024 }, (_, v) => ALPHABET[v >> 5] + ALPHABET[v & 31]);
const LOW_SPAN = 1024;

/** Ids contain only characters every venue accepts (Binance: `^[\.A-Z\:/a-z0-9_-]{1,36}$`, IB: any). */
export const CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;

/** Where a generator takes its time and randomness from. */
export interface ClientOrderIdOptions {
  /** Epoch milliseconds: the broker's clock (AbstractBroker passes its own). Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Draws the instance part and the counter's starting points from `seededRandom(seed)` instead of
   * crypto bytes, so the same seed, clock readings and sequence of calls give the same ids: what a paper
   * run or a replay needs. Leave it unset for live trading (see the class doc).
   */
  readonly seed?: number;
}

/**
 * Generates client order ids: `<prefix><10 time chars><4 instance chars><10 counter chars>`, at most
 * 36 characters, lexically sortable by creation time and strictly increasing within one generator.
 *
 * The instance part is random, drawn once per generator (20 bits) so that two processes starting in
 * the same millisecond do not collide; the counter restarts from a random point each millisecond and
 * increments, so ids within a millisecond stay ordered. No randomness is drawn per id: this runs on
 * every order.
 *
 * Unseeded (live brokers), the instance and the counter's starting points come from crypto bytes, and
 * the time part from the clock: ids stay unique across restarts (a restarted process is in a later
 * millisecond, and in another instance even if its clock stepped back) and across processes. Seeded,
 * they replay: two runs with the same seed and clock readings produce the same ids.
 */
export class ClientOrderIdGenerator {
  private lastTime = -1;
  private timePart = '';
  private counter = 0;
  /** prefix + time + instance + the counter's first 8 characters, rebuilt when any of them changes. */
  private head = '';
  private headCounterBlock = -1;
  private headTime = -1;
  private state: number;
  private readonly instance: string;

  private readonly now: () => number;

  /**
   * @param prefix up to 12 characters of `[A-Za-z0-9_-]`, e.g. a strategy tag
   * @param options the clock and an optional seed (a bare function is taken as the clock)
   */
  constructor(private readonly prefix = '', options: ClientOrderIdOptions | (() => number) = {}) {
    if (!/^[A-Za-z0-9_-]{0,12}$/.test(prefix)) {
      throw new RangeError('client order id prefix must be at most 12 characters of [A-Za-z0-9_-]');
    }
    const { now = Date.now, seed } = typeof options === 'function' ? { now: options } : options;
    this.now = now;
    let instance: number;
    if (seed === undefined) {
      const bytes = randomBytes(8);
      instance = bytes.readUInt32BE(0);
      this.state = bytes.readUInt32BE(4) || 1;
    } else {
      const random = seededRandom(seed);
      instance = Math.floor(random() * 2 ** 32);
      this.state = Math.floor(random() * 2 ** 32) || 1;
    }
    this.instance = encode(instance % 32 ** INSTANCE_CHARS, INSTANCE_CHARS);
  }

  /** A generator with this one's prefix that draws from `seed` and `now` (see ClientOrderIdOptions.seed). */
  withSeed(seed: number, now: () => number): ClientOrderIdGenerator {
    return new ClientOrderIdGenerator(this.prefix, { now, seed });
  }

  /** xorshift32, seeded once (crypto, or the seed): the counter's starting point needs spread, not secrecy. */
  private nextRandom(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  next(): string {
    const time = Math.max(this.now(), this.lastTime);
    if (time !== this.lastTime) {
      this.lastTime = time;
      this.timePart = encode(time, TIME_CHARS);
      // start low in the counter space so that increments within a millisecond never overflow
      this.counter = this.nextRandom() % 2 ** 31;
    } else if (++this.counter >= MAX_COUNTER) {
      // 2^50 ids within one millisecond: move to the next millisecond instead of wrapping
      this.lastTime++;
      this.timePart = encode(this.lastTime, TIME_CHARS);
      this.counter = 0;
    }
    const block = Math.floor(this.counter / LOW_SPAN);
    if (block !== this.headCounterBlock || this.lastTime !== this.headTime) {
      this.head = this.prefix + this.timePart + this.instance + encode(block, COUNTER_CHARS - 2);
      this.headCounterBlock = block;
      this.headTime = this.lastTime;
    }
    return this.head + LOW_PAIRS[this.counter % LOW_SPAN];
  }
}

/** Fixed-width base32 of a non-negative integer below 2^53. */
function encode(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

const defaultGenerator = new ClientOrderIdGenerator();

/** A new client order id from the process-wide generator. */
export function newClientOrderId(): string {
  return defaultGenerator.next();
}

/**
 * True when `id` is acceptable to every supported venue: what CLIENT_ORDER_ID_PATTERN matches, tested
 * character by character. Every order is checked, and a RegExp test was several times the cost of this
 * loop over 24 characters (it is the same rule: 1 to 36 of `[A-Za-z0-9_-]`).
 */
export function isValidClientOrderId(id: string): boolean {
  if (typeof id !== 'string') return CLIENT_ORDER_ID_PATTERN.test(id); // what the pattern made of anything else
  const n = id.length;
  if (n === 0 || n > 36) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    // 0-9, A-Z, a-z, '_', '-'
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45)) return false;
  }
  return true;
}
