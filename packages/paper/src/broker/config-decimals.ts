import { Decimal } from '@silvertine/core';

/**
 * Field names that hold prices, quantities, money or rates anywhere inside a paper config (instruments,
 * balances, slippage, commission and margin models). Configuration files carry them as strings (or
 * numbers); they become Decimal here, once, before validation.
 */
const DECIMAL_KEYS = new Set([
  'tickSize', 'stepSize', 'minQuantity', 'minNotional', 'multiplier', 'strike',
  'amount', 'bps', 'adv', 'makerBps', 'takerBps', 'perUnit', 'minimum', 'maximumPercent', 'precision', 'fromVolume',
  'initial', 'maintenance', 'leverage', 'maxVolumeShare', 'feeReserve',
]);

/** Keys whose value is a map of asset → amount. */
const DECIMAL_RECORD_KEYS = new Set(['initialBalances']);

/**
 * Returns a copy of a plain config value with every decimal field turned into a Decimal. A value that
 * is not a decimal number is left as it is, so validation reports it with its field name.
 */
export function decimalizeConfig(value: unknown, key?: string): unknown {
  if (key !== undefined && DECIMAL_KEYS.has(key)) return toDecimal(value);
  if (key !== undefined && DECIMAL_RECORD_KEYS.has(key) && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDecimal(v)]));
  }
  if (Array.isArray(value)) return value.map((v) => decimalizeConfig(v));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decimalizeConfig(v, k)]));
  return value;
}

function toDecimal(value: unknown): unknown {
  if (value instanceof Decimal) return value;
  if (Decimal.isDecimal(value)) return Decimal.from(value); // another copy of core's: as this copy's
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  return Decimal.tryFrom(value) ?? value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
