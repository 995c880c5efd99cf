import { dec, Decimal, type MarketData, type OrderRequest, type TimeInForce } from '@silvertine/core';
import fc from 'fast-check';
import type { SlippageModelConfig } from '../models/slippage';
import { barOf, orderOf, quoteOf, stockInstrument, tradeOf } from '../testing';
import type { EngineEvent } from './engine-events';
import { MatchingEngine } from './matching-engine';

const AAPL = stockInstrument('AAPL');
const TICK = AAPL.tickSize;
const T0 = Date.UTC(2024, 0, 2, 15, 0);
const px = (ticks: number) => TICK.times(ticks);

type Op =
  | { op: 'submit'; request: OrderRequest }
  | { op: 'cancel'; index: number }
  | { op: 'data'; data: MarketData }
  | { op: 'time' };

/** A price around 100.00, in ticks. */
const priceTicks = fc.integer({ min: 9_000, max: 11_000 });

const submitOp = (id: number) =>
  fc
    .record({
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      type: fc.constantFrom('MARKET' as const, 'LIMIT' as const, 'STOP' as const, 'STOP_LIMIT' as const, 'TRAILING_STOP' as const),
      quantity: fc.integer({ min: 1, max: 60 }),
      limit: priceTicks,
      stop: priceTicks,
      trail: fc.integer({ min: 1, max: 300 }),
      tif: fc.constantFrom<TimeInForce>('GTC', 'GTC', 'IOC', 'FOK', 'DAY', 'GTD'),
      postOnly: fc.boolean(),
      reduceOnly: fc.boolean(),
    })
    .map(({ side, type, quantity, limit, stop, trail, tif, postOnly, reduceOnly }): Op => ({
      op: 'submit',
      request: orderOf(AAPL, {
        clientOrderId: `p${id}`,
        side,
        type,
        quantity,
        limitPrice: type === 'LIMIT' || type === 'STOP_LIMIT' ? px(limit) : undefined,
        stopPrice: type === 'STOP' || type === 'STOP_LIMIT' ? px(stop) : undefined,
        trailingAmount: type === 'TRAILING_STOP' ? px(trail) : undefined,
        timeInForce: tif,
        expireAt: tif === 'GTD' ? T0 + 50_000 : undefined,
        postOnly: type === 'LIMIT' && tif !== 'IOC' && tif !== 'FOK' ? postOnly : undefined,
        reduceOnly: reduceOnly && Math.abs(id) % 5 === 0 ? true : undefined,
      }),
    }));

const dataOp = fc.oneof(
  fc.record({ mid: priceTicks, spread: fc.integer({ min: 1, max: 5 }), bidSize: fc.integer({ min: 0, max: 80 }), askSize: fc.integer({ min: 0, max: 80 }) }).map(
    ({ mid, spread, bidSize, askSize }) => (t: number): MarketData => quoteOf('AAPL', px(mid), px(mid + spread), t, bidSize, askSize),
  ),
  fc.record({ price: priceTicks, size: fc.integer({ min: 0, max: 120 }) }).map(({ price, size }) => (t: number): MarketData => tradeOf('AAPL', px(price), size, t)),
  fc.record({ open: priceTicks, up: fc.integer({ min: 0, max: 200 }), down: fc.integer({ min: 0, max: 200 }), close: fc.double({ min: 0, max: 1, noNaN: true }), volume: fc.integer({ min: 0, max: 400 }) }).map(
    ({ open, up, down, close, volume }) =>
      (t: number): MarketData => {
        const c = Math.round(open - down + close * (up + down));
        return barOf('AAPL', [px(open), px(open + up), px(open - down), px(c)], volume, t, 1000);
      },
  ),
);

const scenario = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constant('submit') }, { weight: 4, arbitrary: fc.constant('data') }, { weight: 1, arbitrary: fc.constant('cancel') }, { weight: 1, arbitrary: fc.constant('time') }), { minLength: 1, maxLength: 60 })
  .chain((kinds) =>
    fc.tuple(
      ...kinds.map((kind, i): fc.Arbitrary<Op> => {
        if (kind === 'submit') return submitOp(i);
        if (kind === 'cancel') return fc.nat({ max: 60 }).map((index) => ({ op: 'cancel', index }));
        if (kind === 'time') return fc.constant({ op: 'time' });
        return dataOp.map((make) => ({ op: 'data', data: make(T0 + i * 1000) }));
      }),
    ),
  );

const slippages: readonly SlippageModelConfig[] = [
  { model: 'FIXED', amount: Decimal.ZERO },
  { model: 'FIXED', ticks: 2 },
  { model: 'PERCENTAGE', bps: dec(5) },
  { model: 'MARKET_IMPACT', sigma: 0.02, adv: dec(10_000) },
  { model: 'MARKET_IMPACT' },
];

function run(ops: readonly Op[], slippage: SlippageModelConfig, share: Decimal): EngineEvent[] {
  const engine = new MatchingEngine({ instruments: [AAPL], slippage, maxVolumeShare: share, sessionEndTime: (t) => t + 20_000 });
  const events: EngineEvent[] = [];
  const ids: string[] = [];
  ops.forEach((op, i) => {
    const now = T0 + i * 1000;
    if (op.op === 'submit') {
      ids.push(op.request.clientOrderId);
      events.push(...engine.submit(op.request, now));
    } else if (op.op === 'cancel') {
      events.push(...engine.cancel(ids[op.index % Math.max(1, ids.length)] ?? 'none', now));
    } else if (op.op === 'time') {
      events.push(...engine.advanceTime(now));
    } else {
      events.push(...engine.onMarketData(op.data, now));
    }
  });
  return events;
}

const settings = fc.tuple(scenario, fc.constantFrom(...slippages), fc.constantFrom(dec(1), dec('0.5'), dec('0.25')));

describe('MatchingEngine — properties over random orders and market data', () => {
  it('never overfills, never violates a limit, prices and sizes on the grid, unique trade ids', () => {
    fc.assert(
      fc.property(settings, ([ops, slippage, share]) => {
        const events = run(ops, slippage, share);
        const tradeIds = new Set<string>();
        const filled = new Map<string, Decimal>();
        const closed = new Set<string>();
        let position = Decimal.ZERO;
        for (const e of events) {
          if (closed.has(e.clientOrderId)) {
            // nothing happens to a closed order except refused cancels/amends
            expect(['CANCEL_REJECTED', 'AMEND_REJECTED', 'REJECTED']).toContain(e.kind);
          }
          if (e.kind === 'FILL') {
            const { fill, order } = e;
            expect(tradeIds.has(fill.tradeId)).toBe(false);
            tradeIds.add(fill.tradeId);
            expect(fill.quantity.isPositive() && fill.quantity.isMultipleOf(AAPL.stepSize)).toBe(true);
            expect(fill.price.isPositive() && fill.price.isMultipleOf(TICK)).toBe(true);
            const total = (filled.get(fill.clientOrderId) ?? Decimal.ZERO).plus(fill.quantity);
            filled.set(fill.clientOrderId, total);
            expect(total.lte(order.request.quantity)).toBe(true);
            expect(order.filledQuantity.eq(total)).toBe(true);
            const limit = order.request.type === 'LIMIT' || order.request.type === 'STOP_LIMIT' ? order.request.limitPrice : undefined;
            if (limit) expect(fill.side === 'BUY' ? fill.price.lte(limit) : fill.price.gte(limit)).toBe(true);
            if (fill.liquidity === 'MAKER') expect(limit !== undefined && fill.price.eq(limit)).toBe(true);
            // slippage is adverse: a buy never pays less than its reference, a sell never gets more
            expect(fill.side === 'BUY' ? fill.price.gte(e.referencePrice) : fill.price.lte(e.referencePrice)).toBe(true);
            position = position.plus(fill.side === 'BUY' ? fill.quantity : fill.quantity.negated());
          }
          if ('order' in e && e.order && ['FILLED', 'CANCELED', 'EXPIRED'].includes(e.order.status)) closed.add(e.clientOrderId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reduce-only orders never flip the position', () => {
    fc.assert(
      fc.property(settings, ([ops, slippage, share]) => {
        const engine = new MatchingEngine({ instruments: [AAPL], slippage, maxVolumeShare: share, initialPositions: { AAPL: dec(30) } });
        ops.forEach((op, i) => {
          const now = T0 + i * 1000;
          if (op.op === 'submit') engine.submit({ ...op.request, reduceOnly: true, postOnly: undefined }, now);
          else if (op.op === 'data') engine.onMarketData(op.data, now);
          const pos = engine.positionOf('AAPL');
          expect(pos.gte(Decimal.ZERO) && pos.lte(dec(30))).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same orders and data give identical events', () => {
    fc.assert(
      fc.property(settings, ([ops, slippage, share]) => {
        expect(JSON.stringify(run(ops, slippage, share))).toBe(JSON.stringify(run(ops, slippage, share)));
      }),
      { numRuns: 100 },
    );
  });
});
