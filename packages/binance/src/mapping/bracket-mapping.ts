import { InvalidOrderError, type Decimal, type OrderRequest } from '@silvertine/core';
import type { OrderParams } from './order-mapping';
import { toOrderParams } from './order-mapping';

/** Suffixes of the exits' clientOrderIds, as the IB adapter names them: `<parent>.tp`, `<parent>.sl`. */
export const BRACKET_SUFFIX = { takeProfit: '.tp', stopLoss: '.sl' } as const;

/** Binance's limit on client order ids (`^[\.A-Z\:/a-z0-9_-]{1,36}$`). */
const MAX_CLIENT_ID = 36;

/** How the exits of a bracket go to Binance: one OCO order list, or a single order when only one exit is asked. */
export type BracketExit =
  | { readonly kind: 'oco'; readonly children: readonly OrderRequest[]; readonly params: OrderParams }
  | { readonly kind: 'single'; readonly children: readonly [OrderRequest]; readonly params: OrderParams };

/**
 * Checks a bracket before the entry is sent: exit ids must fit Binance's 36 characters, and the take
 * profit must lie on the profitable side of the stop (above it for a long entry, below for a short).
 * An exit that could never be placed must stop the entry, not surface after it filled.
 */
export function checkBracket(request: OrderRequest, brokerId?: string): void {
  const bracket = request.bracket;
  if (!bracket) return;
  const o = { brokerId, clientOrderId: request.clientOrderId };
  if (!bracket.takeProfit && !bracket.stopLoss) throw new InvalidOrderError('bracket', 'exits', 'a bracket needs a takeProfit or a stopLoss', o);
  if (request.clientOrderId.length + BRACKET_SUFFIX.takeProfit.length > MAX_CLIENT_ID) {
    throw new InvalidOrderError('clientOrderId', 'length', `clientOrderId ${request.clientOrderId} leaves no room for the exits' ".tp"/".sl" within Binance's 36 characters`, o);
  }
  const tp = bracket.takeProfit?.limitPrice;
  const sl = bracket.stopLoss?.stopPrice;
  if (tp && sl && (request.side === 'BUY' ? !tp.gt(sl) : !tp.lt(sl))) {
    throw new InvalidOrderError('bracket', 'ordering', `takeProfit ${tp} must be ${request.side === 'BUY' ? 'above' : 'below'} stopLoss ${sl}`, o);
  }
}

/**
 * The exits of a filled entry, as core requests (tracked as orders of their own) and the Binance
 * parameters that place them. Both exits → `POST /api/v3/orderList/oco`: for a long entry the SELL list
 * has the take profit above (LIMIT_MAKER) and the stop below (STOP_LOSS or STOP_LOSS_LIMIT); for a
 * short entry the BUY list has the stop above and the take profit below. One exit → a LIMIT or a stop
 * order. `quantity` is what the entry actually left to close (see `exitQuantity`).
 */
export function toBracketExit(parent: OrderRequest, quantity: Decimal): BracketExit | undefined {
  const bracket = parent.bracket;
  if (!bracket || (!bracket.takeProfit && !bracket.stopLoss)) return undefined;
  const side = parent.side === 'BUY' ? 'SELL' : 'BUY';
  const base = {
    instrument: parent.instrument,
    side,
    quantity,
    timeInForce: 'GTC',
    account: parent.account,
    tags: { ...parent.tags, parentClientOrderId: parent.clientOrderId },
  } as const;
  const both = bracket.takeProfit !== undefined && bracket.stopLoss !== undefined;
  const tp: OrderRequest | undefined = bracket.takeProfit && {
    ...base, clientOrderId: parent.clientOrderId + BRACKET_SUFFIX.takeProfit, type: 'LIMIT', limitPrice: bracket.takeProfit.limitPrice,
    // In an OCO list the take profit is a LIMIT_MAKER: it rests, it never takes.
    ...(both ? { postOnly: true } : {}),
  };
  const sl: OrderRequest | undefined = bracket.stopLoss && {
    ...base, clientOrderId: parent.clientOrderId + BRACKET_SUFFIX.stopLoss,
    type: bracket.stopLoss.limitPrice ? 'STOP_LIMIT' : 'STOP', stopPrice: bracket.stopLoss.stopPrice, limitPrice: bracket.stopLoss.limitPrice,
  };
  if (!tp || !sl) {
    const only = tp ?? sl;
    return only && { kind: 'single', children: [only], params: toOrderParams(only, 'RESULT') };
  }
  const params: Record<string, string> = {
    symbol: parent.instrument.venueSymbol ?? parent.instrument.symbol,
    side,
    quantity: quantity.toString(),
    newOrderRespType: 'RESULT',
  };
  const [above, below] = side === 'SELL' ? [tp, sl] : [sl, tp];
  legParams(params, 'above', above);
  legParams(params, 'below', below);
  const listId = `${parent.clientOrderId}.oco`;
  if (listId.length <= MAX_CLIENT_ID) params.listClientOrderId = listId;
  return { kind: 'oco', children: [tp, sl], params };
}

function legParams(params: Record<string, string>, prefix: 'above' | 'below', leg: OrderRequest): void {
  const single = toOrderParams(leg);
  params[`${prefix}Type`] = single.type;
  params[`${prefix}ClientOrderId`] = leg.clientOrderId;
  if (single.price !== undefined) params[`${prefix}Price`] = single.price;
  if (single.stopPrice !== undefined) params[`${prefix}StopPrice`] = single.stopPrice;
  if (single.timeInForce !== undefined) params[`${prefix}TimeInForce`] = single.timeInForce;
}

/**
 * What a filled (or partly filled, then closed) entry leaves to close: the filled quantity, less the
 * commission Binance took in the base asset on a buy, rounded down to the lot step (selling more than is
 * held fails with -2010).
 */
export function exitQuantity(filled: Decimal, baseCommissionPaid: Decimal, entrySide: OrderRequest['side'], stepSize: Decimal): Decimal {
  const held = entrySide === 'BUY' ? filled.minus(baseCommissionPaid) : filled;
  return held.roundToStep(stepSize, 'DOWN');
}
