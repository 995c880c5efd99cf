import { Decimal } from '@silvertine/core';

/**
 * Field formatting and parsing rules of the TWS API. The wire carries decimal strings; we parse them
 * once into Decimal and format Decimal back with `toString()`, never through JS floats.
 */

/** Java Integer.MAX_VALUE: "unset" for integer fields read with readIntOrUndefined. */
export const UNSET_INT = '2147483647';
/** Java Double.MAX_VALUE as TWS prints it: "unset" for double fields. */
export const UNSET_DOUBLE = '1.7976931348623157E308';

/** A Decimal, or '' when absent (fields the client reads as "empty means undefined/0"). */
export function fmtDecimal(value: Decimal | undefined): string {
  return value === undefined ? '' : value.toString();
}

/** A Decimal, or Double.MAX_VALUE when absent (how TWS prints unset doubles). */
export function fmtDoubleOrMax(value: Decimal | undefined): string {
  return value === undefined ? UNSET_DOUBLE : value.toString();
}

/** An integer, or Integer.MAX_VALUE when absent. */
export function fmtIntOrMax(value: number | undefined): string {
  return value === undefined ? UNSET_INT : String(value);
}

/** Booleans travel as 0/1. */
export function fmtBool(value: boolean): string {
  return value ? '1' : '0';
}

/** True for the spellings clients use for "no value" in a double field. */
function isUnsetDouble(token: string): boolean {
  if (token === '') return true;
  const lower = token.toLowerCase();
  // JS prints 1.7976931348623157e+308, Java 1.7976931348623157E308; Infinity is never a real price
  return lower.startsWith('1.7976931348623157e') || lower === 'infinity';
}

/** Error raised when a request is shorter than its layout or a field does not parse. */
export class WireDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireDecodeError';
  }
}

/** Sequential reader over one message's fields, with the TWS meaning of empty and MAX values. */
export class FieldReader {
  private index: number;

  constructor(
    private readonly fields: readonly string[],
    start = 0,
  ) {
    this.index = start;
  }

  /** Fields not yet read. A decoder that leaves some has the layout wrong. */
  get remaining(): number {
    return this.fields.length - this.index;
  }

  /** Next field as text. */
  str(): string {
    if (this.index >= this.fields.length) {
      throw new WireDecodeError(`message ended after ${this.fields.length} fields`);
    }
    return this.fields[this.index++] as string;
  }

  /** Integer; '' reads as 0 (the client's readInt does the same). */
  int(): number {
    const token = this.str();
    if (token === '') return 0;
    const value = Number.parseInt(token, 10);
    if (Number.isNaN(value)) throw new WireDecodeError(`not an integer: "${token}"`);
    return value;
  }

  /** Integer or undefined for '' and Integer.MAX_VALUE. */
  optInt(): number | undefined {
    const token = this.str();
    if (token === '' || token === UNSET_INT) return undefined;
    const value = Number.parseInt(token, 10);
    if (Number.isNaN(value)) throw new WireDecodeError(`not an integer: "${token}"`);
    return value;
  }

  /** 0/1 (and true/false, which some clients send); '' is false. */
  bool(): boolean {
    const token = this.str();
    return token === '1' || token.toLowerCase() === 'true';
  }

  /** Decimal or undefined for '' and Double.MAX_VALUE. */
  optDecimal(): Decimal | undefined {
    const token = this.str();
    if (isUnsetDouble(token)) return undefined;
    const value = Decimal.tryFrom(token.replace(/,/g, ''));
    if (value === undefined) throw new WireDecodeError(`not a decimal: "${token}"`);
    return value;
  }

  /** Skips `count` fields whose values the emulator does not use. */
  skip(count: number): void {
    for (let i = 0; i < count; i++) this.str();
  }
}
