import type { Decimal } from '@silvertine/core';
import type { PaperModelsInUse, SlippageInUse } from './shadow-calibration';
import type { MarketLiquidity } from './shadow-impact-fit';
import { decimal, fail, object, optional, type Json } from './json-fields';

const SYMBOLS_MAX = 1000;

function nonNegative(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'must be a finite number >= 0');
  return value;
}

function nonNegativeDecimal(value: unknown, path: string): Decimal {
  const parsed = decimal(value, path);
  if (parsed.isNegative()) fail(path, 'must be >= 0');
  return parsed;
}

function positiveDecimal(value: unknown, path: string): Decimal {
  const parsed = decimal(value, path);
  if (!parsed.isPositive()) fail(path, 'must be positive');
  return parsed;
}

function flag(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false');
  return value;
}

function required<T>(json: Json, key: string, path: string, decode: (value: unknown, path: string) => T): T {
  if (json[key] === undefined) fail(`${path}.${key}`, 'is required');
  return decode(json[key], `${path}.${key}`);
}

function slippage(value: unknown, path: string): SlippageInUse {
  const json = object(value, path);
  switch (json.model) {
    case 'FIXED':
      return { model: 'FIXED', amount: required(json, 'amount', path, nonNegativeDecimal) };
    case 'PERCENTAGE':
      return { model: 'PERCENTAGE', bps: required(json, 'bps', path, nonNegativeDecimal) };
    case 'MARKET_IMPACT':
      return {
        model: 'MARKET_IMPACT',
        eta: required(json, 'eta', path, nonNegative),
        beta: required(json, 'beta', path, nonNegative),
        sigma: required(json, 'sigma', path, nonNegative),
        adv: required(json, 'adv', path, positiveDecimal),
        permanent: optional(json, 'permanent', path, flag),
        gamma: optional(json, 'gamma', path, nonNegative),
        alpha: optional(json, 'alpha', path, nonNegative),
      };
    default:
      return fail(`${path}.model`, 'must be one of FIXED, PERCENTAGE, MARKET_IMPACT');
  }
}

/** Reads a report's `paperModels` (what the shadow ran with), naming the field and rule of any mistake. */
export function decodePaperModels(value: unknown, path: string): PaperModelsInUse {
  const json = object(value, path);
  return { slippage: optional(json, 'slippage', path, slippage), latencyMs: optional(json, 'latencyMs', path, nonNegative) };
}

/** Reads a report's `liquidity` (σ and ADV by symbol). */
export function decodeLiquidity(value: unknown, path: string): Record<string, MarketLiquidity> {
  const json = object(value, path);
  const entries = Object.entries(json);
  if (entries.length > SYMBOLS_MAX) fail(path, `must hold at most ${SYMBOLS_MAX} symbols`);
  return Object.fromEntries(
    entries.map(([symbol, entry]) => {
      const at = `${path}.${symbol}`;
      const fields = object(entry, at);
      return [symbol, { sigma: required(fields, 'sigma', at, nonNegative), adv: required(fields, 'adv', at, positiveDecimal) }];
    }),
  );
}
