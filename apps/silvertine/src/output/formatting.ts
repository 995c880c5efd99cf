import { Decimal, type BrokerBalance, type BrokerPosition, type Order } from '@silvertine/core';

/** One order on one line: id, status, side, quantity, symbol, type, price, fills, reject reason. */
export function formatOrder(o: Order): string {
  const r = o.request;
  const price = r.limitPrice ?? r.stopPrice;
  return `${o.clientOrderId}  ${o.status}  ${r.side} ${r.quantity} ${r.instrument.symbol} ${r.type}${price ? ` @ ${price}` : ''}  filled ${o.filledQuantity}${o.averageFillPrice ? ` avg ${o.averageFillPrice}` : ''}${o.rejectReason ? `  (${o.rejectReason})` : ''}`;
}

/** One position on one line. */
export function formatPosition(p: BrokerPosition): string {
  return `${p.instrument.symbol}  ${p.quantity} @ ${p.averagePrice}  realized ${p.realizedPnl}  unrealized ${p.unrealizedPnl}`;
}

/** One balance on one line. */
export function formatBalance(b: BrokerBalance): string {
  return `${b.asset}  free ${b.free}  locked ${b.locked}  total ${b.total}`;
}

/** JSON for scripts: Decimals as their exact strings (never a float), bigints as strings. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Decimal ? v.toString() : typeof v === 'bigint' ? v.toString() : v), indent);
}
