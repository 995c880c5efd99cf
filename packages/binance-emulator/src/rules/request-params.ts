import { dec, type Decimal } from '@silvertine/core';
import { apiErrors } from '../errors/binance-error';

const NUMBER_PATTERN = /^[0-9]{1,20}(\.[0-9]{1,20})?$/;
const INTEGER_PATTERN = /^-?[0-9]{1,20}$/;

/**
 * The decoded parameters of one request (REST query + body, or WebSocket API `params`), with the
 * typed getters every endpoint uses so that malformed values fail with the venue's codes.
 */
export class RequestParams {
  private readonly values: Map<string, string>;

  constructor(entries: Iterable<readonly [string, string]>) {
    this.values = new Map();
    for (const [k, v] of entries) {
      // Binance refuses a parameter sent twice (query and body, or twice in one of them).
      if (this.values.has(k)) throw apiErrors.duplicateParam();
      this.values.set(k, v);
    }
  }

  /** From a WebSocket API `params` object (values may be numbers or booleans there). */
  static fromObject(params: Readonly<Record<string, unknown>> | undefined): RequestParams {
    return new RequestParams(Object.entries(params ?? {}).map(([k, v]) => [k, String(v)] as const));
  }

  has(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v !== '';
  }

  /** The raw string, or undefined when absent or empty. */
  optional(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  /** The raw string; -1102 naming the parameter when absent. */
  required(name: string): string {
    const v = this.optional(name);
    if (v === undefined) throw apiErrors.mandatory(name);
    return v;
  }

  /** A non-negative decimal ("0.1", "52000.00"); -1100 when it has other characters. */
  decimal(name: string): Decimal | undefined {
    const v = this.optional(name);
    if (v === undefined) return undefined;
    if (!NUMBER_PATTERN.test(v)) throw apiErrors.illegalChars(name);
    return dec(v);
  }

  requiredDecimal(name: string): Decimal {
    const v = this.decimal(name);
    if (v === undefined) throw apiErrors.mandatory(name);
    return v;
  }

  /** An integer (orderId, limit, startTime); -1100 when malformed. */
  integer(name: string): number | undefined {
    const v = this.optional(name);
    if (v === undefined) return undefined;
    if (!INTEGER_PATTERN.test(v)) throw apiErrors.illegalChars(name);
    return Number(v);
  }

  /** One of a closed set, with the given error when it is not. */
  oneOf<T extends string>(name: string, allowed: readonly T[], onInvalid: () => Error): T | undefined {
    const v = this.optional(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw onInvalid();
    return v as T;
  }

  entries(): [string, string][] {
    return [...this.values.entries()];
  }
}
