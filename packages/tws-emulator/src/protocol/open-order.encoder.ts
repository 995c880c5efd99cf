import type { Decimal } from '@silvertine/core';
import { ServerMessageId as Id } from './message-ids';
import { allocationAndShortSaleTokens, BOX_AND_DISPLAY_DEFAULTS, NO_COMBO_NO_SCALE, orderEntryTokens } from './order-blocks';
import { contractTokens, type Tokens } from './server-messages.encoder';
import type { ContractSpec, TwsOrderStatus } from './wire-types';
import { fmtBool, fmtDoubleOrMax, fmtIntOrMax, UNSET_DOUBLE } from './wire-format';

/** What OPEN_ORDER reports about one order; everything else goes out as TWS's defaults. */
export interface OpenOrderFields {
  readonly orderId: number;
  readonly contract: ContractSpec;
  readonly action: 'BUY' | 'SELL';
  readonly totalQuantity: Decimal;
  readonly orderType: string;
  readonly lmtPrice?: Decimal;
  readonly auxPrice?: Decimal;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly account: string;
  readonly orderRef: string;
  readonly clientId: number;
  readonly permId: number;
  readonly outsideRth: boolean;
  readonly goodTillDate: string;
  readonly parentId: number;
  readonly ocaType: number;
  readonly trailStopPrice?: Decimal;
  readonly trailingPercent?: Decimal;
  /** TRAIL LIMIT's limit offset (reported in the adjusted-order block). */
  readonly lmtPriceOffset?: Decimal;
  readonly status: TwsOrderStatus;
  /** Commission once known (filled orders); unset otherwise. */
  readonly commission?: Decimal;
  readonly commissionCurrency: string;
  /** Present on the answer to a what-if order: the estimate TWS computes instead of placing it. */
  readonly whatIf?: WhatIfEstimate;
}

/** The margin and commission impact of a what-if order, in the account's base currency. */
export interface WhatIfEstimate {
  readonly initMarginBefore: Decimal;
  readonly maintMarginBefore: Decimal;
  readonly equityWithLoanBefore: Decimal;
  readonly initMarginChange: Decimal;
  readonly maintMarginChange: Decimal;
  readonly equityWithLoanChange: Decimal;
  readonly initMarginAfter: Decimal;
  readonly maintMarginAfter: Decimal;
  readonly equityWithLoanAfter: Decimal;
  readonly commission: Decimal;
  readonly minCommission: Decimal;
  readonly maxCommission: Decimal;
  readonly commissionCurrency: string;
}

/**
 * OPEN_ORDER at server version 193: no version field (≥145), faProfile dropped (≥177), then customer
 * account, professional customer, bond accrued interest, include-overnight and the CME tagging fields.
 * The field order is @stoqey/ib's `decodeMsg_OPEN_ORDER`/`OrderDecoder`; a single field out of place
 * shifts everything after it, which the decoder reports as "unprocessed data" or an underrun.
 */
export function openOrder(o: OpenOrderFields): Tokens {
  return [
    String(Id.OPEN_ORDER),
    String(o.orderId),
    ...contractTokens(o.contract),
    ...orderEntryTokens(o),
    String(o.clientId),
    String(o.permId),
    fmtBool(o.outsideRth),
    '0', // hidden
    '0', // discretionaryAmt
    '', // goodAfterTime
    '', // sharesAllocation (deprecated)
    ...allocationAndShortSaleTokens(o.goodTillDate),
    '0', // auctionStrategy
    ...BOX_AND_DISPLAY_DEFAULTS,
    '0', // blockOrder
    '0', // sweepToFill
    '0', // allOrNone
    fmtIntOrMax(undefined), // minQty
    String(o.ocaType),
    '0', // eTradeOnly
    '0', // firmQuoteOnly
    UNSET_DOUBLE, // nbboPriceCap
    String(o.parentId),
    '0', // triggerMethod
    UNSET_DOUBLE, // volatility
    '0', // volatilityType
    '', // deltaNeutralOrderType: must stay empty, or the client reads 8 more fields
    UNSET_DOUBLE, // deltaNeutralAuxPrice
    '0', // continuousUpdate
    '0', // referencePriceType
    fmtDoubleOrMax(o.trailStopPrice),
    fmtDoubleOrMax(o.trailingPercent),
    UNSET_DOUBLE, // basisPoints
    fmtIntOrMax(undefined), // basisPointsType
    ...NO_COMBO_NO_SCALE,
    '0', // optOutSmartRouting
    '', // clearingAccount
    '', // clearingIntent
    '0', // notHeld
    '0', // deltaNeutralContract present
    '', // algoStrategy: empty, so no params
    '0', // solicited
    fmtBool(o.whatIf !== undefined),
    o.status,
    ...marginAndCommission(o),
    '', // warningText
    '0', // randomizeSize
    '0', // randomizePrice
    // no PEG BENCH fields: the emulator does not accept PEG BENCH orders
    '0', // conditions count
    '', // adjustedOrderType
    UNSET_DOUBLE, // triggerPrice
    fmtDoubleOrMax(o.trailStopPrice), // trailStopPrice (repeated in the adjusted block)
    fmtDoubleOrMax(o.lmtPriceOffset), // lmtPriceOffset
    UNSET_DOUBLE, // adjustedStopPrice
    UNSET_DOUBLE, // adjustedStopLimitPrice
    UNSET_DOUBLE, // adjustedTrailingAmount
    '0', // adjustableTrailingUnit
    '', // softDollarTier name
    '', // softDollarTier value
    '', // softDollarTier displayName
    UNSET_DOUBLE, // cashQty
    '0', // dontUseAutoPriceForHedge
    '0', // isOmsContainer
    '0', // discretionaryUpToLimitPrice
    '0', // usePriceMgmtAlgo
    fmtIntOrMax(undefined), // duration (read with readInt; MAX is TWS's unset)
    fmtIntOrMax(undefined), // postToAts
    '0', // autoCancelParent
    fmtIntOrMax(undefined), // minTradeQty
    fmtIntOrMax(undefined), // minCompeteSize
    UNSET_DOUBLE, // competeAgainstBestOffset
    UNSET_DOUBLE, // midOffsetAtWhole
    UNSET_DOUBLE, // midOffsetAtHalf
    '', // customerAccount (≥183)
    '0', // professionalCustomer (≥184)
    '', // bondAccruedInterest (≥185)
    '0', // includeOvernight (≥189)
    '', // extOperator (≥193)
    fmtIntOrMax(undefined), // manualOrderIndicator (≥193)
  ];
}

/** The what-if block: estimates on a what-if answer, else unset margins and the commission once known. */
function marginAndCommission(o: OpenOrderFields): Tokens {
  const w = o.whatIf;
  if (!w) return [...Array<string>(9).fill(UNSET_DOUBLE), fmtDoubleOrMax(o.commission), UNSET_DOUBLE, UNSET_DOUBLE, o.commissionCurrency];
  return [
    w.initMarginBefore, w.maintMarginBefore, w.equityWithLoanBefore,
    w.initMarginChange, w.maintMarginChange, w.equityWithLoanChange,
    w.initMarginAfter, w.maintMarginAfter, w.equityWithLoanAfter,
    w.commission, w.minCommission, w.maxCommission,
  ]
    .map((d) => d.toString())
    .concat(w.commissionCurrency);
}
