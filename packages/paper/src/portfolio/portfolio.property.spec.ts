import { Decimal, InsufficientFundsError, type AccountType } from '@silvertine/core';
import fc from 'fast-check';
import { AAPL, dec, scenario, T0, type Op } from '../../test/scenario.arbitraries';
import { MatchingEngine } from '../engine/matching-engine';
import type { EngineEvent } from '../engine/engine-events';
import { Portfolio } from './portfolio';

const INITIAL = dec(100_000);

/** Drives an engine and a portfolio the way the broker does, checking the ledger after every step. */
function simulate(ops: readonly Op[], accountType: AccountType): { portfolio: Portfolio; engine: MatchingEngine } {
  const engine = new MatchingEngine({ instruments: [AAPL], slippage: { model: 'FIXED', ticks: 1 }, sessionEndTime: (t) => t + 20_000 });
  const portfolio = new Portfolio({ accountType, baseCurrency: 'USD', initialBalances: { USD: INITIAL }, leverage: dec(4) }, [AAPL]);
  const ids: string[] = [];
  const apply = (events: readonly EngineEvent[]) => {
    for (const e of events) {
      if (e.kind === 'FILL') portfolio.applyFill(e.fill, AAPL);
      else if (e.kind === 'CANCELED' || e.kind === 'EXPIRED' || e.kind === 'REJECTED') portfolio.release(e.clientOrderId);
    }
  };
  const checkIdentity = () => {
    const commissions = portfolio.commissionsPaid().USD ?? Decimal.ZERO;
    const expected = INITIAL.plus(portfolio.realizedPnl()).plus(portfolio.unrealizedPnl()).minus(commissions);
    expect(portfolio.equity().toString()).toBe(expected.toString());
    for (const b of portfolio.balanceList()) expect(b.locked.isNegative()).toBe(false);
  };
  ops.forEach((op, i) => {
    const now = T0 + i * 1000;
    if (op.op === 'submit') {
      const quote = engine.lastQuote('AAPL');
      const reference = quote ? (op.request.side === 'BUY' ? quote.ask : quote.bid) : engine.lastTradePrice('AAPL');
      try {
        portfolio.reserve(op.request, reference);
      } catch (error) {
        if (!(error instanceof InsufficientFundsError)) throw error;
        return;
      }
      ids.push(op.request.clientOrderId);
      apply(engine.submit(op.request, now));
    } else if (op.op === 'cancel') {
      apply(engine.cancel(ids[op.index % Math.max(1, ids.length)] ?? 'none', now));
    } else if (op.op === 'time') {
      apply(engine.advanceTime(now));
    } else {
      apply(engine.onMarketData(op.data, now));
      const d = op.data;
      if (d.kind === 'book') throw new Error('the scenarios generate no depth snapshots');
      portfolio.mark('AAPL', d.kind === 'quote' ? d.bid.plus(d.ask).div(dec(2)) : d.kind === 'trade' ? d.price : d.close);
    }
    checkIdentity();
  });
  return { portfolio, engine };
}

describe('Portfolio — properties with the engine', () => {
  it('equity = initial + realised + unrealised − commissions exactly, and locks return to zero when no order is open', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom<AccountType>('CASH', 'MARGIN'), (ops, accountType) => {
        const { portfolio, engine } = simulate(ops, accountType);
        for (const order of engine.openOrders()) {
          // the late cancel may find the order expired first: either way its lock must go
          for (const e of engine.cancel(order.clientOrderId, T0 + 10_000_000)) if (e.kind === 'CANCELED' || e.kind === 'EXPIRED') portfolio.release(e.clientOrderId);
        }
        expect(portfolio.hasLocks()).toBe(false);
        for (const b of portfolio.balanceList()) expect(b.locked.isZero()).toBe(true);
        // every position the ledger holds is the engine's own net position
        expect(portfolio.positionOf('AAPL').eq(engine.positionOf('AAPL'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a cash account never goes short', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const { portfolio } = simulate(ops, 'CASH');
        expect(portfolio.positionOf('AAPL').isNegative()).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
