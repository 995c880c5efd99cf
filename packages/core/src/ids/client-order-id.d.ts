/** Ids contain only characters every venue accepts (Binance: `^[\.A-Z\:/a-z0-9_-]{1,36}$`, IB: any). */
export declare const CLIENT_ORDER_ID_PATTERN: RegExp;
/**
 * Generates client order ids: `<prefix><10 time chars><14 random chars>`, at most 36 characters,
 * lexically sortable by creation time, and strictly increasing within one generator even when many
 * are created in the same millisecond (the random part is incremented, as ULID does).
 */
export declare class ClientOrderIdGenerator {
    private readonly prefix;
    private readonly now;
    private lastTime;
    private lastRandom;
    /** @param prefix up to 12 characters of `[A-Za-z0-9_-]`, e.g. a strategy tag */
    constructor(prefix?: string, now?: () => number);
    next(): string;
    private increment;
}
/** A new client order id from the process-wide generator. */
export declare function newClientOrderId(): string;
/** True when `id` is acceptable to every supported venue. */
export declare function isValidClientOrderId(id: string): boolean;
