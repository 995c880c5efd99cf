import { Decimal, ORDER_TYPE_TRAITS } from '@silvertine/core';
import fc from 'fast-check';
import { AAPL, run, settings, T0, dec } from '../../test/scenario.arbitraries';
import { MatchingEngine } from './matching-engine';

const TICK = AAPL.tickSize;

describe('MatchingEngine — properties over random orders and market data', () => {
  it('never overfills, never violates a limit, prices and sizes on the grid, unique trade ids', () => {
    fc.assert(
      fc.property(settings, ([ops, slippage, share]) => {
        const events = run(ops, slippage, share);
        const tradeIds = new Set<string>();
        const filled = new Map<string, Decimal>();
        const closed = new Set<string>();
        const triggeredLimits = new Map<string, Decimal>();
        let position = Decimal.ZERO;
        for (const e of events) {
          if (closed.has(e.clientOrderId)) {
            // nothing happens to a closed order except refused cancels/amends
            expect(['CANCEL_REJECTED', 'AMEND_REJECTED', 'REJECTED']).toContain(e.kind);
          }
          if (e.kind === 'TRIGGERED' && e.order.request.type === 'TRAILING_STOP_LIMIT') {
            const { side, trailingLimitOffset } = e.order.request;
            const stop = e.order.currentStopPrice!;
            triggeredLimits.set(e.clientOrderId, side === 'BUY' ? stop.plus(trailingLimitOffset!) : stop.minus(trailingLimitOffset!));
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
            // the limit in force: the request's, or for a trailing stop limit its stop at the trigger ∓ the offset
            const limit = ORDER_TYPE_TRAITS[order.request.type].requiresLimitPrice ? order.request.limitPrice : triggeredLimits.get(fill.clientOrderId);
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
