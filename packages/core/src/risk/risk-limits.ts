import { Decimal } from '../decimal/decimal';
import type { OrderRequest } from '../domain/order';
import { BrokerError } from '../errors/broker-error';
import type { PreTradeCheck, PreTradeContext } from './pre-trade-check';

/** Limits enforced before an order leaves the process. Every field is optional. */
export interface RiskLimits {
  /** Largest quantity × price × multiplier of one order, in the quote asset. */
  readonly maxOrderNotional?: Decimal;
  /** Largest absolute position per symbol after the order fills completely. */
  readonly maxPosition?: Decimal;
  readonly maxOpenOrders?: number;
  readonly maxOrdersPerMinute?: number;
}

/** An order refused by a configured risk limit. */
export class RiskLimitExceededError extends BrokerError {
  constructor(readonly limit: keyof RiskLimits, message: string, clientOrderId: string, brokerId: string) {
    super('INVALID_ORDER', 'NON_RECOVERABLE', false, message, { brokerId, clientOrderId });
  }
}

/**
 * Builds the risk-limit check. `positionOf` supplies the current signed position of a symbol (the
 * broker's own view), so maxPosition accounts for what is already held.
 */
export function createRiskLimitCheck(limits: RiskLimits, positionOf: (symbol: string) => Decimal = () => Decimal.ZERO): PreTradeCheck {
  const recent: number[] = [];
  const prune = (now: number) => {
    while (recent.length && recent[0] <= now - 60_000) recent.shift();
  };
  return {
    name: 'risk-limits',
    check(request: OrderRequest, context: PreTradeContext): void {
      const fail = (limit: keyof RiskLimits, message: string): never => {
        throw new RiskLimitExceededError(limit, `risk limit ${limit}: ${message}`, request.clientOrderId, context.brokerId);
      };
      const price = request.limitPrice ?? request.stopPrice ?? context.referencePrice;
      if (limits.maxOrderNotional) {
        // Fail closed: an order that cannot be valued (a MARKET order before any price is known)
        // cannot be shown to be within the limit, so it does not leave the process.
        if (!price) fail('maxOrderNotional', `no price known for ${request.instrument.symbol} to value the order against ${limits.maxOrderNotional}`);
        const notional = request.quantity.times(price!).times(request.instrument.multiplier);
        if (notional.gt(limits.maxOrderNotional)) fail('maxOrderNotional', `order notional ${notional} exceeds ${limits.maxOrderNotional}`);
      }
      if (limits.maxPosition) {
        const signed = request.side === 'BUY' ? request.quantity : request.quantity.negated();
        const after = positionOf(request.instrument.symbol).plus(signed).abs();
        if (after.gt(limits.maxPosition)) fail('maxPosition', `position would reach ${after}, above ${limits.maxPosition}`);
      }
      if (limits.maxOpenOrders !== undefined && context.openOrders.length >= limits.maxOpenOrders) {
        fail('maxOpenOrders', `${context.openOrders.length} orders are open, the limit is ${limits.maxOpenOrders}`);
      }
      if (limits.maxOrdersPerMinute !== undefined) {
        prune(context.now);
        if (recent.length >= limits.maxOrdersPerMinute) fail('maxOrdersPerMinute', `${recent.length} orders in the last minute, the limit is ${limits.maxOrdersPerMinute}`);
      }
    },
    onSubmitted(_request, context) {
      if (limits.maxOrdersPerMinute !== undefined) recent.push(context.now);
    },
  };
}
