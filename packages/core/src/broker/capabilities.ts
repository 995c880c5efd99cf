import type { AssetClass } from '../domain/instrument';
import type { OrderRequest, OrderType, TimeInForce } from '../domain/order';
import { ORDER_TYPE_TRAITS } from '../domain/order-type-traits';
import { NotSupportedError } from '../errors/errors';

/**
 * Optional features a broker may support; `ORDER_PREVIEW` means the broker is an `OrderPreviewer`,
 * `TICKER` that it is a `TickerProvider`.
 */
export type BrokerFeature = 'BRACKET' | 'TRAILING' | 'MARGIN' | 'MODIFY' | 'POST_ONLY' | 'REDUCE_ONLY' | 'SHORT_SELLING' | 'ORDER_PREVIEW' | 'TICKER';

/** How a trailing order may state its distance: `trailingAmount` (price units) or `trailingPercent`. */
export type TrailingDistance = 'AMOUNT' | 'PERCENT';

/** What a broker declares it can do; requests outside it fail before any I/O. */
export interface BrokerCapabilities {
  readonly orderTypes: readonly OrderType[];
  readonly timeInForce: readonly TimeInForce[];
  readonly assetClasses: readonly AssetClass[];
  readonly features: readonly BrokerFeature[];
  /**
   * The distances its trailing orders take; absent means both. A venue that trails by percentage only
   * (Binance's `trailingDelta`, in basis points) declares `['PERCENT']`, and a trailingAmount is then
   * refused before any I/O, naming the field.
   */
  readonly trailingDistances?: readonly TrailingDistance[];
}

/** The trailing distances a broker accepts (both unless it says otherwise). */
export function trailingDistancesOf(capabilities: BrokerCapabilities): readonly TrailingDistance[] {
  return capabilities.trailingDistances ?? ['AMOUNT', 'PERCENT'];
}

/**
 * Throws NotSupportedError naming the first unsupported aspect of the request.
 */
interface CapabilitySets {
  readonly orderTypes: ReadonlySet<string>;
  readonly timeInForce: ReadonlySet<string>;
  readonly assetClasses: ReadonlySet<string>;
  readonly features: ReadonlySet<string>;
}

// Capabilities are declared as arrays for readability; checks on the order path use sets, built once.
const setsCache = new WeakMap<BrokerCapabilities, CapabilitySets>();

function setsOf(capabilities: BrokerCapabilities): CapabilitySets {
  let sets = setsCache.get(capabilities);
  if (!sets) {
    sets = {
      orderTypes: new Set(capabilities.orderTypes), timeInForce: new Set(capabilities.timeInForce),
      assetClasses: new Set(capabilities.assetClasses), features: new Set(capabilities.features),
    };
    setsCache.set(capabilities, sets);
  }
  return sets;
}

export function assertSupported(capabilities: BrokerCapabilities, request: OrderRequest, brokerId?: string): void {
  const sets = setsOf(capabilities);
  if (
    sets.orderTypes.has(request.type) && sets.timeInForce.has(request.timeInForce) && sets.assetClasses.has(request.instrument.assetClass) &&
    request.bracket === undefined && !ORDER_TYPE_TRAITS[request.type].trailing && request.postOnly !== true && request.reduceOnly !== true
  ) {
    return; // the common case, decided without building anything
  }
  explainUnsupported(capabilities, request, brokerId);
}

/**
 * The checks of `assertSupported` one by one, throwing for the first that fails. Kept out of it: its
 * `fail` closure captures the request and the broker id, and a function with captured parameters
 * allocates their context on every call, the common case included (48 bytes per order on paper:bench).
 */
function explainUnsupported(capabilities: BrokerCapabilities, request: OrderRequest, brokerId?: string): void {
  const fail = (feature: string, message: string): never => {
    throw new NotSupportedError(feature, message, { brokerId, clientOrderId: request.clientOrderId });
  };
  if (!capabilities.orderTypes.includes(request.type)) {
    fail(`orderType:${request.type}`, `order type ${request.type} is not supported (supported: ${capabilities.orderTypes.join(', ')})`);
  }
  if (!capabilities.timeInForce.includes(request.timeInForce)) {
    fail(`timeInForce:${request.timeInForce}`, `time in force ${request.timeInForce} is not supported (supported: ${capabilities.timeInForce.join(', ')})`);
  }
  if (!capabilities.assetClasses.includes(request.instrument.assetClass)) {
    fail(`assetClass:${request.instrument.assetClass}`, `asset class ${request.instrument.assetClass} is not supported (supported: ${capabilities.assetClasses.join(', ')})`);
  }
  const needs: Array<[boolean, BrokerFeature]> = [
    [request.bracket !== undefined, 'BRACKET'],
    [ORDER_TYPE_TRAITS[request.type]?.trailing === true, 'TRAILING'],
    [request.postOnly === true, 'POST_ONLY'],
    [request.reduceOnly === true, 'REDUCE_ONLY'],
  ];
  for (const [needed, feature] of needs) {
    if (needed && !capabilities.features.includes(feature)) fail(feature, `feature ${feature} is not supported`);
  }
  const distances = trailingDistancesOf(capabilities);
  if (request.trailingAmount !== undefined && !distances.includes('AMOUNT')) {
    fail('trailingAmount', 'trailingAmount is not supported: this broker trails by percentage only; give trailingPercent instead');
  }
  if (request.trailingPercent !== undefined && !distances.includes('PERCENT')) {
    fail('trailingPercent', 'trailingPercent is not supported: this broker trails by a price amount only; give trailingAmount instead');
  }
}
