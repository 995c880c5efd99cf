import { ServerMessageId as Id } from './message-ids';
import { allocationAndShortSaleTokens, BOX_AND_DISPLAY_DEFAULTS, NO_COMBO_NO_SCALE, orderEntryTokens } from './order-blocks';
import type { OpenOrderFields } from './open-order.encoder';
import { contractTokens, type Tokens } from './server-messages.encoder';
import { fmtBool, fmtDoubleOrMax, fmtIntOrMax, UNSET_DOUBLE } from './wire-format';

/** What COMPLETED_ORDER reports beyond the open-order fields. */
export interface CompletedOrderFields extends OpenOrderFields {
  readonly filledQuantity: string;
  /** "yyyyMMdd HH:mm:ss UTC". */
  readonly completedTime: string;
  readonly completedStatus: string;
}

/**
 * COMPLETED_ORDER at server version 193. Unlike OPEN_ORDER it has no order id, client id, what-if block
 * or commission, and adds filled quantity, completion time and status. Field order is @stoqey/ib
 * 1.6.10's `decodeMsg_COMPLETED_ORDER` (the OrderDecoder runs at version MAX: faProfile absent,
 * exemptCode present, no optOutSmartRouting, no basis points).
 */
export function completedOrder(o: CompletedOrderFields): Tokens {
  return [
    String(Id.COMPLETED_ORDER),
    ...contractTokens(o.contract),
    ...orderEntryTokens(o),
    String(o.permId),
    fmtBool(o.outsideRth),
    '0', // hidden
    '0', // discretionaryAmt
    '', // goodAfterTime
    ...allocationAndShortSaleTokens(o.goodTillDate),
    ...BOX_AND_DISPLAY_DEFAULTS,
    '0', // sweepToFill
    '0', // allOrNone (no parent id here, unlike OPEN_ORDER)
    fmtIntOrMax(undefined), // minQty
    String(o.ocaType),
    '0', // triggerMethod
    UNSET_DOUBLE, // volatility
    '0', // volatilityType
    '', // deltaNeutralOrderType
    UNSET_DOUBLE, // deltaNeutralAuxPrice
    '0', // continuousUpdate
    '0', // referencePriceType
    fmtDoubleOrMax(o.trailStopPrice),
    fmtDoubleOrMax(o.trailingPercent),
    ...NO_COMBO_NO_SCALE,
    '', // clearingAccount
    '', // clearingIntent
    '0', // notHeld
    '0', // deltaNeutralContract present
    '', // algoStrategy
    '0', // solicited
    o.status,
    '0', // randomizeSize
    '0', // randomizePrice
    '0', // conditions count
    fmtDoubleOrMax(o.trailStopPrice),
    fmtDoubleOrMax(o.lmtPriceOffset),
    UNSET_DOUBLE, // cashQty
    '0', // dontUseAutoPriceForHedge
    '0', // isOmsContainer
    '', // autoCancelDate
    o.filledQuantity,
    '0', // refFuturesConId
    '0', // autoCancelParent
    '', // shareholder
    '0', // imbalanceOnly
    '0', // routeMarketableToBbo
    '0', // parentPermId
    o.completedTime,
    o.completedStatus,
    fmtIntOrMax(undefined), // minTradeQty
    fmtIntOrMax(undefined), // minCompeteSize
    UNSET_DOUBLE, // competeAgainstBestOffset
    UNSET_DOUBLE, // midOffsetAtWhole
    UNSET_DOUBLE, // midOffsetAtHalf
    '', // customerAccount
    '0', // professionalCustomer
  ];
}

/** COMPLETED_ORDERS_END. */
export function completedOrdersEnd(): Tokens {
  return [String(Id.COMPLETED_ORDERS_END)];
}
