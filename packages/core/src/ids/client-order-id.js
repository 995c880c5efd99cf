"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ClientOrderIdGenerator = exports.CLIENT_ORDER_ID_PATTERN = void 0;
exports.newClientOrderId = newClientOrderId;
exports.isValidClientOrderId = isValidClientOrderId;
const node_crypto_1 = require("node:crypto");
// Crockford base32: sorts the same as a string and as a number, no ambiguous letters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10; // 48-bit millisecond timestamp
const RANDOM_CHARS = 14; // 70 bits of randomness, incremented within one millisecond
/** Ids contain only characters every venue accepts (Binance: `^[\.A-Z\:/a-z0-9_-]{1,36}$`, IB: any). */
exports.CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
/**
 * Generates client order ids: `<prefix><10 time chars><14 random chars>`, at most 36 characters,
 * lexically sortable by creation time, and strictly increasing within one generator even when many
 * are created in the same millisecond (the random part is incremented, as ULID does).
 */
class ClientOrderIdGenerator {
    prefix;
    now;
    lastTime = -1;
    lastRandom = [];
    /** @param prefix up to 12 characters of `[A-Za-z0-9_-]`, e.g. a strategy tag */
    constructor(prefix = '', now = Date.now) {
        this.prefix = prefix;
        this.now = now;
        if (!/^[A-Za-z0-9_-]{0,12}$/.test(prefix)) {
            throw new RangeError('client order id prefix must be at most 12 characters of [A-Za-z0-9_-]');
        }
    }
    next() {
        const time = Math.max(this.now(), this.lastTime);
        if (time === this.lastTime) {
            this.increment();
        }
        else {
            this.lastTime = time;
            const bytes = (0, node_crypto_1.randomBytes)(RANDOM_CHARS);
            // keep the top digit small so that increments never overflow in practice
            this.lastRandom = Array.from(bytes, (b, i) => (i === 0 ? b % 16 : b % 32));
        }
        return this.prefix + encodeTime(time) + this.lastRandom.map((d) => ALPHABET[d]).join('');
    }
    increment() {
        for (let i = this.lastRandom.length - 1; i >= 0; i--) {
            if (this.lastRandom[i] < 31) {
                this.lastRandom[i]++;
                return;
            }
            this.lastRandom[i] = 0;
        }
        // 70 bits exhausted within one millisecond: move to the next millisecond instead.
        this.lastTime++;
    }
}
exports.ClientOrderIdGenerator = ClientOrderIdGenerator;
function encodeTime(time) {
    let out = '';
    let t = time;
    for (let i = 0; i < TIME_CHARS; i++) {
        out = ALPHABET[t % 32] + out;
        t = Math.floor(t / 32);
    }
    return out;
}
const defaultGenerator = new ClientOrderIdGenerator();
/** A new client order id from the process-wide generator. */
function newClientOrderId() {
    return defaultGenerator.next();
}
/** True when `id` is acceptable to every supported venue. */
function isValidClientOrderId(id) {
    return exports.CLIENT_ORDER_ID_PATTERN.test(id);
}
//# sourceMappingURL=client-order-id.js.map