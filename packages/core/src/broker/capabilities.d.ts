import type { AssetClass } from '../domain/instrument';
import type { OrderRequest, OrderType, TimeInForce } from '../domain/order';
/** Optional features a broker may support. */
export type BrokerFeature = 'BRACKET' | 'TRAILING' | 'MARGIN' | 'MODIFY' | 'POST_ONLY' | 'REDUCE_ONLY' | 'SHORT_SELLING';
/** What a broker declares it can do; requests outside it fail before any I/O. */
export interface BrokerCapabilities {
    readonly orderTypes: readonly OrderType[];
    readonly timeInForce: readonly TimeInForce[];
    readonly assetClasses: readonly AssetClass[];
    readonly features: readonly BrokerFeature[];
}
/**
 * Throws NotSupportedError naming the first unsupported aspect of the request.
 */
export declare function assertSupported(capabilities: BrokerCapabilities, request: OrderRequest, brokerId?: string): void;
