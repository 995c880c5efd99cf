import { dec, Decimal, InsufficientFundsError, type Fill } from '@silvertine/core';
import { orderOf, spotInstrument, stockInstrument } from '../testing';
import { Portfolio } from './portfolio';

const BTC = spotInstrument('BTCUSDT');
const AAPL = stockInstrument('AAPL');

let trade = 0;
function fill(request: { clientOrderId: string; instrument: { symbol: string }; side: 'BUY' | 'SELL' }, quantity: string, price: string, commission = '0', commissionAsset = 'USDT'): Fill {
  return {
    tradeId: `f${++trade}`,
    clientOrderId: request.clientOrderId,
    symbol: request.instrument.symbol,
    side: request.side,
    quantity: dec(quantity),
    price: dec(price),
    commission: dec(commission),
    commissionAsset,
    liquidity: 'TAKER',
    timestamp: 0,
  };
}

describe('Portfolio — cash account', () => {
  it('keeps every lock, whether it is the latest one or an older one', () => {
    // The latest lock is held apart from the others (no map entry for an order that settles at once):
    // settling and releasing must find each lock wherever it is.
    const p = new Portfolio({ accountType: 'CASH', baseCurrency: 'USDT', initialBalances: { USDT: dec(10_000), BTC: dec(1) } }, [BTC]);
    const first = orderOf(BTC, { type: 'LIMIT', quantity: '0.1', limitPrice: '20000' });
    const second = orderOf(BTC, { type: 'LIMIT', quantity: '0.1', limitPrice: '30000' });
    const third = orderOf(BTC, { side: 'SELL', type: 'LIMIT', quantity: '0.5', limitPrice: '40000' });
    p.reserve(first, undefined);
    p.reserve(second, undefined);
    p.reserve(third, undefined);
    expect(p.balance('USDT')).toMatchObject({ free: dec(5000), locked: dec(5000) });
    expect(p.balance('BTC')).toMatchObject({ free: dec('0.5'), locked: dec('0.5') });
    p.applyFill(fill(first, '0.1', '20000'), BTC);
    p.release(third.clientOrderId);
    expect(p.balance('USDT')).toMatchObject({ free: dec(5000), locked: dec(3000) });
    expect(p.balance('BTC')).toMatchObject({ free: dec('1.1'), locked: Decimal.ZERO });
    expect(p.hasLocks()).toBe(true);
    p.applyFill(fill(second, '0.1', '30000'), BTC);
    expect(p.balance('USDT')).toMatchObject({ free: dec(5000), locked: Decimal.ZERO });
    expect(p.balance('BTC').total.toString()).toBe('1.2');
    expect(p.hasLocks()).toBe(false);
  });

  it('locks quote for a limit buy, settles both assets on fill, releases the rest', () => {
    const p = new Portfolio({ accountType: 'CASH', baseCurrency: 'USDT', initialBalances: { USDT: dec(10_000) }}, [BTC]);
    const order = orderOf(BTC, { type: 'LIMIT', quantity: '0.1', limitPrice: '50000' });
    p.reserve(order, undefined);
    // 0.1 × 50,000 = 5,000 locked
    expect(p.balance('USDT')).toMatchObject({ free: dec(5000), locked: dec(5000) });
    p.applyFill(fill(order, '0.04', '50000', '2'), BTC);
    // 40 % of the lock (2,000) is released and spent, plus a 2 USDT fee
    expect(p.balance('USDT').free.toString()).toBe('4998');
    expect(p.balance('USDT').locked.toString()).toBe('3000');
    expect(p.balance('BTC').total.toString()).toBe('0.04');
    p.release(order.clientOrderId);
    expect(p.balance('USDT')).toMatchObject({ free: dec(7998), locked: Decimal.ZERO });
    expect(p.hasLocks()).toBe(false);
  });

  it('refuses what it cannot pay for, stating the amounts', () => {
    const p = new Portfolio({ accountType: 'CASH', baseCurrency: 'USDT', initialBalances: { USDT: dec(1000) }}, [BTC]);
    const order = orderOf(BTC, { type: 'LIMIT', quantity: '0.1', limitPrice: '50000' });
    expect(() => p.reserve(order, undefined)).toThrow(InsufficientFundsError);
    expect(() => p.reserve(order, undefined)).toThrow('needs 5000 USDT, 1000 available');
    expect(() => p.reserve(orderOf(BTC, { side: 'SELL', quantity: '1' }), dec(50000))).toThrow('needs 1 BTC, 0 available');
  });

  it('a stock cash account cannot sell more than it holds', () => {
    const p = new Portfolio({ accountType: 'CASH', baseCurrency: 'USD', initialBalances: { USD: dec(10_000) }}, [AAPL]);
    const buy = orderOf(AAPL, { quantity: 10 });
    p.reserve(buy, dec(100));
    p.applyFill(fill(buy, '10', '100', '1', 'USD'), AAPL);
    p.reserve(orderOf(AAPL, { side: 'SELL', type: 'LIMIT', limitPrice: '120', quantity: 6 }), undefined);
    expect(() => p.reserve(orderOf(AAPL, { side: 'SELL', quantity: 5 }), dec(100))).toThrow('needs 5 AAPL held, 4 available');
  });

  it('equity = cash + marked holdings = initial + realised + unrealised − commissions', () => {
    const p = new Portfolio({ accountType: 'CASH', baseCurrency: 'USD', initialBalances: { USD: dec(10_000) } }, [AAPL]);
    const buy = orderOf(AAPL, { quantity: 10 });
    p.reserve(buy, dec(100));
    p.applyFill(fill(buy, '10', '100', '1', 'USD'), AAPL);
    const sell = orderOf(AAPL, { side: 'SELL', quantity: 4 });
    p.reserve(sell, dec(105));
    p.applyFill(fill(sell, '4', '105', '1', 'USD'), AAPL);
    p.mark('AAPL', dec(103));
    // cash: 10,000 − 1,000 − 1 + 420 − 1 = 9,418; holdings 6 × 103 = 618
    expect(p.equity().toString()).toBe('10036');
    // realised 4 × 5 = 20; unrealised 6 × 3 = 18; fees 2
    expect(p.realizedPnl().toString()).toBe('20');
    expect(p.unrealizedPnl().toString()).toBe('18');
    expect(p.commissionsPaid()).toEqual({ USD: dec(2) });
  });
});

describe('Portfolio — margin account', () => {
  const config = { accountType: 'MARGIN' as const, baseCurrency: 'USD', initialBalances: { USD: dec(10_000) }, margin: { STK: { initial: dec('0.5'), maintenance: dec('0.25') } } };

  it('checks initial margin: 10,000 equity at 50 % carries 20,000 of stock', () => {
    const p = new Portfolio(config, [AAPL]);
    expect(() => p.reserve(orderOf(AAPL, { quantity: 201 }), dec(100))).toThrow(InsufficientFundsError);
    const order = orderOf(AAPL, { quantity: 200 });
    p.reserve(order, dec(100));
    p.applyFill(fill(order, '200', '100', '0', 'USD'), AAPL);
    // cash −10,000 (borrowed), position 20,000: equity 10,000, margin used 10,000
    expect(p.balance('USD').total.toString()).toBe('-10000');
    expect(p.equity().toString()).toBe('10000');
    expect(p.marginUsed().toString()).toBe('10000');
    expect(p.marginStatus().marginCall).toBe(false);
  });

  it('calls margin when equity falls below maintenance', () => {
    const p = new Portfolio(config, [AAPL]);
    const order = orderOf(AAPL, { quantity: 200 });
    p.reserve(order, dec(100));
    p.applyFill(fill(order, '200', '100', '0', 'USD'), AAPL);
    // at 66: value 13,200, equity 3,200, maintenance 25 % × 13,200 = 3,300 → call
    p.mark('AAPL', dec(66));
    expect(p.marginStatus()).toEqual({ equity: dec(3200), maintenanceRequired: dec(3300), marginCall: true });
    // at 67: value 13,400, equity 3,400 ≥ 3,350 → fine
    p.mark('AAPL', dec(67));
    expect(p.marginStatus().marginCall).toBe(false);
  });

  it('allows shorts and a reducing order needs no new margin', () => {
    const p = new Portfolio(config, [AAPL]);
    const short = orderOf(AAPL, { side: 'SELL', quantity: 100 });
    p.reserve(short, dec(100));
    p.applyFill(fill(short, '100', '100', '0', 'USD'), AAPL);
    expect(p.positionOf('AAPL').toString()).toBe('-100');
    const cover = orderOf(AAPL, { quantity: 100 });
    p.reserve(cover, dec(100));
    expect(p.balance('USD').locked.isZero()).toBe(true);
  });
});
