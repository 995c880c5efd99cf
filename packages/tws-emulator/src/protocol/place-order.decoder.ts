import { FieldReader, WireDecodeError } from './wire-format';
import type { PlacedOrder, RequestedContract } from './wire-types';

/** Reads the 12 contract fields clients send in PLACE_ORDER, REQ_MKT_DATA and REQ_CONTRACT_DATA. */
export function readRequestedContract(r: FieldReader): RequestedContract {
  const conId = r.optInt();
  return {
    conId: conId === 0 ? undefined : conId,
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.optDecimal(),
    right: r.str(),
    multiplier: r.optDecimal(),
    exchange: r.str(),
    primaryExchange: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
  };
}

/** Field count of each order condition after its type and conjunction (OrderConditionType 1..7). */
const CONDITION_FIELDS: Readonly<Record<number, number>> = { 1: 5, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4 };

/**
 * PLACE_ORDER at server version 193 (no version field since 145). Every field the client writes is
 * read in order so that a layout drift shows up as leftover or missing fields rather than as a
 * silently wrong price; only the fields in `PlacedOrder` are kept.
 */
export function decodePlaceOrder(r: FieldReader): { orderId: number; contract: RequestedContract; order: PlacedOrder } {
  const orderId = r.int();
  const contract = readRequestedContract(r);
  r.skip(2); // secIdType, secId
  const action = r.str();
  const totalQuantity = r.optDecimal();
  const orderType = r.str();
  const lmtPrice = r.optDecimal();
  const auxPrice = r.optDecimal();
  const tif = r.str();
  const ocaGroup = r.str();
  const account = r.str();
  r.skip(2); // openClose, origin
  const orderRef = r.str();
  const transmitToken = r.str();
  // the client sends `order.transmit` as-is: unset means the default, which is true
  const transmit = transmitToken === '' ? true : transmitToken === '1' || transmitToken === 'true';
  const parentId = r.int();
  r.skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
  const outsideRth = r.bool();
  r.skip(1); // hidden
  if (contract.secType.toUpperCase() === 'BAG') throw new WireDecodeError('combo (BAG) orders are not supported');
  r.skip(3); // sharesAllocation, discretionaryAmt, goodAfterTime
  const goodTillDate = r.str();
  r.skip(4); // faGroup, faMethod, faPercentage, modelCode
  r.skip(3); // shortSaleSlot, designatedLocation, exemptCode
  const ocaType = r.int();
  // rule80A, settlingFirm, allOrNone, minQty, percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap,
  // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper,
  // overridePercentageConstraints, volatility, volatilityType
  r.skip(17);
  const deltaNeutralOrderType = r.str();
  r.skip(1); // deltaNeutralAuxPrice
  if (deltaNeutralOrderType !== '') r.skip(8);
  r.skip(2); // continuousUpdate, referencePriceType
  const trailStopPrice = r.optDecimal();
  const trailingPercent = r.optDecimal();
  r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scalePriceIncrement = r.optDecimal();
  if (scalePriceIncrement !== undefined && scalePriceIncrement.isPositive()) r.skip(7);
  r.skip(3); // scaleTable, activeStartTime, activeStopTime
  if (r.str() !== '') r.skip(1); // hedgeType → hedgeParam
  r.skip(4); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
  if (r.bool()) r.skip(3); // deltaNeutralContract conId, delta, price
  if (r.str() !== '') {
    const algoParams = r.int();
    r.skip(algoParams * 2);
  }
  r.skip(1); // algoId
  const whatIf = r.bool();
  r.skip(4); // orderMiscOptions, solicited, randomizeSize, randomizePrice
  if (orderType === 'PEG BENCH') r.skip(5);
  const conditionCount = r.int();
  for (let i = 0; i < conditionCount; i++) {
    const type = r.int();
    r.skip(1); // conjunction
    const fields = CONDITION_FIELDS[type];
    if (fields === undefined) throw new WireDecodeError(`unknown order condition type ${type}`);
    r.skip(fields);
  }
  if (conditionCount > 0) r.skip(2); // conditionsIgnoreRth, conditionsCancelOrder
  r.skip(2); // adjustedOrderType, triggerPrice
  // TRAIL LIMIT: how far beyond the triggered stop the limit sits (the client sends the number as-is)
  const lmtPriceOffset = r.optDecimal();
  // adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit,
  // extOperator, softDollarTier name + value, cashQty, mifid2 decisionMaker/decisionAlgo/
  // executionTrader/executionAlgo, dontUseAutoPriceForHedge, isOmsContainer,
  // discretionaryUpToLimitPrice, usePriceMgmtAlgo, duration, postToAts, autoCancelParent,
  // advancedErrorOverride, manualOrderTime
  r.skip(21);
  if (contract.exchange === 'IBKRATS') r.skip(1); // minTradeQty
  if (orderType === 'PEG BEST') {
    r.skip(2); // minCompeteSize, competeAgainstBestOffset
    // the mid offsets follow only for "compete against best offset up to mid", which the client marks
    // with Infinity; both spellings leave two more fields, so read them if the message has them
    if (r.remaining > 4) r.skip(2);
  } else if (orderType === 'PEG MID') {
    r.skip(2);
  }
  r.skip(4); // customerAccount, professionalCustomer, includeOvernight, manualOrderIndicator
  return {
    orderId,
    contract,
    order: {
      action,
      totalQuantity,
      orderType,
      lmtPrice,
      auxPrice,
      tif,
      ocaGroup,
      account,
      orderRef,
      transmit,
      parentId,
      outsideRth,
      goodTillDate,
      ocaType,
      trailStopPrice,
      trailingPercent,
      lmtPriceOffset,
      whatIf,
      conditionCount,
    },
  };
}
