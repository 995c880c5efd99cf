import { dec, type Decimal, type Fill, type OrderStatus } from '@silvertine/core';
import type { RawExecutionReport } from './binance-types';
import { toOrderStatus } from './order-mapping';

/** What one executionReport means for one of our orders. */
export interface ExecutionUpdate {
  /** The order's own client id (for a cancel, Binance puts it in `C` and the cancel's id in `c`). */
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  /** The order status after this event. */
  readonly status: OrderStatus;
  /** Binance execution type: NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION. */
  readonly executionType: string;
  /** Present when executionType is TRADE: one fill per trade. */
  readonly fill?: Fill;
  /**
   * With a fill: the venue's cumulative filled quantity of the order after it (`z`), which core checks
   * against the fills it applied (monotonic, not above the order quantity).
   */
  readonly cumulativeQuantity?: Decimal;
  readonly rejectReason?: string;
  readonly eventTime: number;
}

/**
 * executionReport → ExecutionUpdate. `quoteAsset` is used when a trade paid no commission (N is null).
 */
export function fromExecutionReport(e: RawExecutionReport, quoteAsset: string): ExecutionUpdate {
  const clientOrderId = e.C ? e.C : e.c;
  const venueOrderId = String(e.i);
  const fill: Fill | undefined =
    e.x === 'TRADE'
      ? {
          tradeId: String(e.t),
          clientOrderId,
          venueOrderId,
          symbol: e.s,
          side: e.S,
          quantity: dec(e.l),
          price: dec(e.L),
          commission: dec(e.n),
          commissionAsset: e.N ?? quoteAsset,
          liquidity: e.m ? 'MAKER' : 'TAKER',
          timestamp: e.T,
        }
      : undefined;
  return {
    clientOrderId,
    venueOrderId,
    status: toOrderStatus(e.X),
    executionType: e.x,
    fill,
    cumulativeQuantity: fill ? dec(e.z) : undefined,
    rejectReason: e.r && e.r !== 'NONE' ? e.r : undefined,
    eventTime: e.E,
  };
}
