import { Decimal, ORDER_SIDES, type OrderSide } from '@silvertine/core';
import { ArgumentError } from './argv';

/**
 * Decoders of command-line values: argv is input from outside the process like any venue frame, so
 * each value is read once, here, into a domain type (money through Decimal, never a float), and a bad
 * one is an ArgumentError naming the argument and the rule.
 */

/** `buy` / `sell` (any case) → BUY / SELL. */
export function decodeSide(text: string | undefined, argument = 'side'): OrderSide {
  const side = text?.toUpperCase();
  if (!side || !(ORDER_SIDES as readonly string[]).includes(side)) throw new ArgumentError(argument, `must be buy or sell, got ${quote(text)}`);
  return side as OrderSide;
}

/** A strictly positive decimal (quantity, price): parsed by Decimal with its bounds, never by Number. */
export function decodePositiveDecimal(text: string | undefined, argument: string): Decimal {
  if (text === undefined || text.trim() === '') throw new ArgumentError(argument, 'is required');
  const value = Decimal.tryFrom(text.trim());
  if (!value) throw new ArgumentError(argument, `must be a decimal number, got ${quote(text)}`);
  if (!value.isPositive()) throw new ArgumentError(argument, `must be positive, got ${quote(text)}`);
  return value;
}

/** A trading symbol: letters, digits and `.-_/:` (BTCUSDT, BRK.B, EUR/USD), upper-cased. */
export function decodeSymbol(text: string | undefined, argument = 'symbol'): string {
  if (!text || !/^[A-Za-z0-9][A-Za-z0-9._/:-]{0,31}$/.test(text)) throw new ArgumentError(argument, `must be a symbol such as BTCUSDT, got ${quote(text)}`);
  return text.toUpperCase();
}

/** A client order id as venues accept them (Binance: 1–36 of `.A-Za-z0-9:/_-`). */
export function decodeClientOrderId(text: string | undefined, argument = 'clientOrderId'): string {
  if (!text || !/^[.A-Za-z0-9:/_-]{1,64}$/.test(text)) throw new ArgumentError(argument, `must be a client order id (letters, digits, ".:/_-"), got ${quote(text)}`);
  return text;
}

/** A positive number of seconds, at most a year (a longer --duration is a typo). */
export function decodeSeconds(text: string | undefined, argument: string): number {
  const value = decodePositiveDecimal(text, argument);
  if (value.gt(Decimal.from(31_536_000))) throw new ArgumentError(argument, `must be at most 31536000 seconds (a year), got ${quote(text)}`);
  return Number(value.toString());
}

/** A count from 1 to 1000 (how many items to list). */
export function decodeCount(text: string | undefined, argument: string): number {
  if (text === undefined || !/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) throw new ArgumentError(argument, `must be a whole number from 1 to 1000, got ${quote(text)}`);
  return Number(text);
}

/** A TCP port, 0–65535 (0: any free port). */
export function decodePort(text: string | undefined, argument: string): number {
  if (text === undefined || !/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new ArgumentError(argument, `must be a port number 0-65535, got ${quote(text)}`);
  return Number(text);
}

/** The value as shown in a message: quoted, shortened, control characters escaped (argv may be anything). */
function quote(text: string | undefined): string {
  if (text === undefined) return 'nothing';
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return shown;
}
