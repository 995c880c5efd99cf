import { ConfigurationError, ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from '@silvertine/core';
import { count, decimal, fail, object, oneOf, optional, string } from './json-fields';
import { decodeLiquidity, decodePaperModels } from './paper-models.decoder';
import { gapFromLegs, type LegSummary, type OrderGap } from './shadow-gap';
import { aggregateGaps, totalGaps, type ShadowReport } from './shadow-report';

/** Orders a report file may hold (a bound on what a file can make us allocate). */
export const MAX_REPORT_ORDERS = 1_000_000;

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
  const paperModels = optional(json, 'paperModels', 'report', decodePaperModels);
  const liquidity = optional(json, 'liquidity', 'report', decodeLiquidity);
  return { brokerId, generatedAt, overall: totalGaps(orders), groups: aggregateGaps(orders), orders, paperModels, liquidity };
}
