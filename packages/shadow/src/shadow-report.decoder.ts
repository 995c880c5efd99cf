import { ConfigurationError, Decimal, ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from '@silvertine/core';
import { gapFromLegs, type LegSummary, type OrderGap } from './shadow-gap';
import { aggregateGaps, totalGaps, type ShadowReport } from './shadow-report';

/** Orders a report file may hold (a bound on what a file can make us allocate). */
export const MAX_REPORT_ORDERS = 1_000_000;

type Json = Record<string, unknown>;

function fail(path: string, rule: string): never {
  throw new ConfigurationError(`shadow report: ${path} ${rule}`);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) fail(path, 'must be a string of 1-200 characters');
  return value;
}

function decimal(value: unknown, path: string): Decimal {
  const parsed = typeof value === 'string' ? Decimal.tryFrom(value) : undefined;
  if (parsed === undefined) fail(path, 'must be a decimal string');
  return parsed;
}

function count(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(path, 'must be a whole number >= 0');
  return value as number;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) fail(path, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function optional<T>(json: Json, key: string, path: string, decode: (value: unknown, path: string) => T): T | undefined {
  return json[key] === undefined ? undefined : decode(json[key], `${path}.${key}`);
}

function leg(value: unknown, path: string): LegSummary {
  const json = object(value, path);
  const ms = optional(json, 'timeToFirstFillMs', path, (v, p) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(p, 'must be a finite number')));
  return {
    filledQuantity: decimal(json.filledQuantity, `${path}.filledQuantity`),
    averagePrice: optional(json, 'averagePrice', path, decimal),
    fillCount: count(json.fillCount, `${path}.fillCount`),
    timeToFirstFillMs: ms,
    feesInQuote: optional(json, 'feesInQuote', path, decimal),
  };
}

function order(value: unknown, path: string): OrderGap {
  const json = object(value, path);
  const quantity = decimal(json.quantity, `${path}.quantity`);
  if (!quantity.isPositive()) fail(`${path}.quantity`, 'must be positive');
  const key = {
    liveClientOrderId: string(json.liveClientOrderId, `${path}.liveClientOrderId`),
    symbol: string(json.symbol, `${path}.symbol`),
    side: oneOf<OrderSide>(json.side, ORDER_SIDES, `${path}.side`),
    type: oneOf<OrderType>(json.type, ORDER_TYPES, `${path}.type`),
    quantity,
    shadowFailure: optional(json, 'shadowFailure', path, string),
  };
  return gapFromLegs(key, leg(json.live, `${path}.live`), leg(json.paper, `${path}.paper`));
}

/**
 * Reads a JSON report written by `shadowReportJson` with its orders (`includeOrders`). Only each order's
 * key and legs are read; every gap, group and total is recomputed from them, so a file cannot carry
 * figures that contradict its orders. A malformed file is a ConfigurationError naming the field and rule.
 */
export function decodeShadowReport(text: string): ShadowReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`shadow report: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const json = object(parsed, 'report');
  const brokerId = string(json.brokerId, 'report.brokerId');
  const generatedAt = count(json.generatedAt, 'report.generatedAt');
  if (!Array.isArray(json.orders)) fail('report.orders', 'must be an array (write the report with includeOrders)');
  if (json.orders.length > MAX_REPORT_ORDERS) fail('report.orders', `must hold at most ${MAX_REPORT_ORDERS} orders`);
  const orders = json.orders.map((o, i) => order(o, `report.orders[${i}]`));
  return { brokerId, generatedAt, overall: totalGaps(orders), groups: aggregateGaps(orders), orders };
}
