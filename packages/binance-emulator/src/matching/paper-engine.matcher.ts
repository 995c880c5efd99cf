import { Decimal, type Instrument, type MarketData } from '@silvertine/core';
import { MatchingEngine, type EngineEvent, type SlippageModelConfig } from '@silvertine/paper';
import type { SymbolSpec } from '../rules/symbol-spec';
import type { MatchEvent, OrderMatcher, WorkingOrder } from './order-matcher.port';

/** The emulator's symbol rules as core Instruments for the paper engine. */
function instrumentOf(spec: SymbolSpec): Instrument {
  return {
    symbol: spec.symbol,
    assetClass: 'CRYPTO',
    baseAsset: spec.baseAsset,
    quoteAsset: spec.quoteAsset,
    tickSize: spec.tickSize,
    stepSize: spec.stepSize,
    minQuantity: spec.minQty,
    multiplier: Decimal.ONE,
  };
}

/**
 * OrderMatcher over @silvertine/paper's MatchingEngine. The emulator keeps Binance's own rules (filters,
 * balances, commissions, stop triggers by last price), so the engine runs with no commission, no
 * self-trade prevention and the emulator's ids; it only decides what fills, at what price, and when.
 */
export class PaperEngineMatcher implements OrderMatcher {
  private readonly engine: MatchingEngine;
  private readonly instruments: ReadonlyMap<string, Instrument>;

  /** `slippage`: a venue whose taker fills slip from the touch (paper's models; default none). */
  constructor(specs: Iterable<SymbolSpec>, slippage?: SlippageModelConfig) {
    const instruments = [...specs].map(instrumentOf);
    this.instruments = new Map(instruments.map((i) => [i.symbol, i]));
    this.engine = new MatchingEngine({
      instruments,
      commission: { model: 'NONE' },
      selfTradePrevention: 'NONE',
      ...(slippage ? { slippage } : {}),
    });
  }

  submit(order: WorkingOrder, now: number): MatchEvent[] {
    const instrument = this.instruments.get(order.symbol);
    if (!instrument) return [{ kind: 'REJECTED', clientOrderId: order.clientOrderId, reason: 'Invalid symbol.' }];
    const events = this.engine.submit(
      {
        clientOrderId: order.clientOrderId,
        instrument,
        side: order.side,
        type: order.type,
        quantity: order.quantity,
        limitPrice: order.limitPrice,
        timeInForce: order.timeInForce,
        postOnly: order.postOnly,
      },
      now,
    );
    const mapped = this.map(events);
    // Binance market orders never rest: what the engine could not fill at once expires.
    if (order.type === 'MARKET' && !mapped.some((e) => e.kind === 'EXPIRED' || e.kind === 'REJECTED' || e.kind === 'CANCELED')) {
      const filled = Decimal.sum(mapped.flatMap((e) => (e.kind === 'FILL' ? [e.quantity] : [])));
      if (filled.lt(order.quantity)) {
        for (const e of this.map(this.engine.cancel(order.clientOrderId, now))) {
          mapped.push(e.kind === 'CANCELED' ? { kind: 'EXPIRED', clientOrderId: e.clientOrderId } : e);
        }
      }
    }
    return mapped;
  }

  cancel(clientOrderId: string, now: number): MatchEvent[] {
    return this.map(this.engine.cancel(clientOrderId, now));
  }

  onMarketData(data: MarketData, now: number): MatchEvent[] {
    return this.map(this.engine.onMarketData(data, now));
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
          out.push({ kind: 'REJECTED', clientOrderId: id, reason: e.reason === 'POST_ONLY_WOULD_TAKE' ? 'Order would immediately match and take.' : e.message });
          break;
        case 'FILL':
          out.push({ kind: 'FILL', clientOrderId: id, price: e.fill.price, quantity: e.fill.quantity, liquidity: e.fill.liquidity });
          break;
        case 'CANCELED':
          // Binance reports IOC/FOK remainders as EXPIRED; only user cancels are CANCELED.
          out.push(e.reason === 'USER' ? { kind: 'CANCELED', clientOrderId: id } : { kind: 'EXPIRED', clientOrderId: id });
          break;
        case 'CANCEL_REJECTED':
          out.push({ kind: 'CANCEL_REJECTED', clientOrderId: id, reason: 'Unknown order sent.' });
          break;
        case 'EXPIRED':
          out.push({ kind: 'EXPIRED', clientOrderId: id });
          break;
        default:
          // TRIGGERED / AMENDED: the emulator triggers its own stops and never amends.
          break;
      }
    }
    return out;
  }
}
