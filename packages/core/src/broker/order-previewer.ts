import type { Decimal } from '../decimal/decimal';
import type { OrderRequest } from '../domain';
import type { BrokerCapabilities } from './capabilities';

/**
 * What an order would do to an account if it were placed: margin and equity before, change and after,
 * and the commission it would pay. Amounts are in the account's base currency except the commission,
 * which is in `commissionCurrency`. Venues that know the commission exactly report min = max = commission.
 */
export interface OrderPreview {
  readonly initMarginBefore: Decimal;
  readonly initMarginChange: Decimal;
  readonly initMarginAfter: Decimal;
  readonly maintMarginBefore: Decimal;
  readonly maintMarginChange: Decimal;
  readonly maintMarginAfter: Decimal;
  readonly equityWithLoanBefore: Decimal;
  readonly equityWithLoanChange: Decimal;
  readonly equityWithLoanAfter: Decimal;
  readonly commission: Decimal;
  readonly minCommission: Decimal;
  readonly maxCommission: Decimal;
  readonly commissionCurrency: string;
  /** The venue's warning about the order, if it sent one (e.g. a margin shortfall). */
  readonly warning?: string;
}

/**
 * Optional capability: a broker that can ask its venue what an order would cost without placing it
 * (IB's what-if orders). Declared with the `ORDER_PREVIEW` feature; nothing is placed, no order event
 * is emitted, and the request is validated like an order.
 */
export interface OrderPreviewer {
  previewOrder(request: OrderRequest): Promise<OrderPreview>;
}

/** True when the broker declares `ORDER_PREVIEW` and implements `previewOrder`. */
export function canPreviewOrders<T extends { readonly capabilities: BrokerCapabilities }>(broker: T): broker is T & OrderPreviewer {
  return broker.capabilities.features.includes('ORDER_PREVIEW') && typeof (broker as Partial<OrderPreviewer>).previewOrder === 'function';
}
