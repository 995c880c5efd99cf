import type { OpenOrderFields } from './open-order.encoder';
import { fmtDoubleOrMax, fmtIntOrMax, UNSET_DOUBLE } from './wire-format';

/**
 * Runs of fields OPEN_ORDER and COMPLETED_ORDER share at server version 193 (@stoqey/ib's OrderDecoder
 * reads them with the same methods for both messages).
 */

/** action … orderRef: what the order is and whose. */
export function orderEntryTokens(o: OpenOrderFields): string[] {
  return [
    o.action,
    o.totalQuantity.toString(),
    o.orderType,
    fmtDoubleOrMax(o.lmtPrice),
    fmtDoubleOrMax(o.auxPrice),
    o.tif,
    o.ocaGroup,
    o.account,
    'O', // openClose
    '0', // origin: customer
    o.orderRef,
  ];
}

/**
 * faGroup, faMethod, faPercentage, modelCode (empty: no advisor allocation, no model), goodTillDate, then
 * rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode (all unset).
 */
export function allocationAndShortSaleTokens(goodTillDate: string): string[] {
  return ['', '', '', '', goodTillDate, '', UNSET_DOUBLE, '', '0', '', '-1'];
}

/** startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, displaySize: all unset. */
export const BOX_AND_DISPLAY_DEFAULTS: readonly string[] = [UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, fmtIntOrMax(undefined)];

/**
 * comboLegsDescription, combo legs, order combo legs, smart combo routing params (no counts), scale
 * init/subs level sizes and price increment (unset, so no scale sub-fields follow), hedgeType (empty,
 * so no hedgeParam).
 */
export const NO_COMBO_NO_SCALE: readonly string[] = ['', '0', '0', '0', fmtIntOrMax(undefined), fmtIntOrMax(undefined), UNSET_DOUBLE, ''];
