import { Decimal, type Instrument, type MarketData, type OrderRequest } from '@silvertine/core';
import { MatchingEngine, NO_SLIPPAGE, type EngineEvent } from '@silvertine/paper';
import type { MatchEvent, OrderMatcher } from './order-matcher.port';

/** Size standing in for "not given" on a quote: the emulator's markets are deep unless a size is set. */
const DEEP_BOOK = Decimal.from('1000000000000');

/**
 * @silvertine/paper's MatchingEngine behind the emulator's OrderMatcher port. The engine's own
 * commission and slippage are switched off: TWS charges IB's schedule (computed by the venue) and fills
 * at the touch.
 */
export class PaperMatcher implements OrderMatcher {
  private readonly engine: MatchingEngine;

  constructor(instruments: readonly Instrument[]) {
    this.engine = new MatchingEngine({ instruments, slippage: NO_SLIPPAGE, commission: { model: 'NONE' } });
  }

  submit(request: OrderRequest, now: number): MatchEvent[] {
    return this.map(this.engine.submit(request, now));
  }

  cancel(clientOrderId: string, now: number): MatchEvent[] {
    return this.map(this.engine.cancel(clientOrderId, now));
  }

  onMarketData(data: MarketData, now: number): MatchEvent[] {
    const deep =
      data.kind === 'quote'
        ? { ...data, bidSize: data.bidSize.isZero() ? DEEP_BOOK : data.bidSize, askSize: data.askSize.isZero() ? DEEP_BOOK : data.askSize }
        : data;
    return this.map(this.engine.onMarketData(deep, now));
  }

  advanceTime(now: number): MatchEvent[] {
    return this.map(this.engine.advanceTime(now));
  }

  private map(events: readonly EngineEvent[]): MatchEvent[] {
    const out: MatchEvent[] = [];
    for (const e of events) {
      const id = e.clientOrderId;
      switch (e.kind) {
        case 'ACCEPTED':
          out.push({ kind: 'ACCEPTED', clientOrderId: id });
          break;
        case 'REJECTED':
          out.push({ kind: 'REJECTED', clientOrderId: id, reason: e.reason, message: e.message });
          break;
        case 'FILL':
          out.push({ kind: 'FILL', clientOrderId: id, price: e.fill.price, quantity: e.fill.quantity, liquidity: e.fill.liquidity, timestamp: e.timestamp });
          break;
        case 'CANCELED':
          out.push({ kind: 'CANCELED', clientOrderId: id });
          break;
        case 'CANCEL_REJECTED':
          out.push({ kind: 'CANCEL_REJECTED', clientOrderId: id, message: e.message });
          break;
        case 'EXPIRED':
          out.push({ kind: 'EXPIRED', clientOrderId: id });
          break;
        case 'TRIGGERED':
          out.push({ kind: 'TRIGGERED', clientOrderId: id, triggerPrice: e.triggerPrice });
          break;
        case 'AMENDED':
        case 'AMEND_REJECTED':
          break; // the venue modifies by cancel + resubmit, so the engine never amends
      }
    }
    return out;
  }
}
