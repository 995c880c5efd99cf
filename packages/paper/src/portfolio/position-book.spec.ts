import { dec } from '@silvertine/core';
import { stockInstrument } from '../testing';
import { PositionBook } from './position-book';

const ES = stockInstrument('ESZ6', { assetClass: 'FUT', multiplier: dec(50), tickSize: dec('0.25') });
const AAPL = stockInstrument('AAPL');

describe('PositionBook', () => {
  it('averages the cost of additions: 100 @ 10 + 100 @ 12 → 200 @ 11', () => {
    const book = new PositionBook();
    book.apply(AAPL, 'BUY', dec(100), dec(10));
    book.apply(AAPL, 'BUY', dec(100), dec(12));
    const [p] = book.snapshot();
    expect([p.quantity.toString(), p.averagePrice.toString(), p.realizedPnl.toString()]).toEqual(['200', '11', '0']);
  });

  it('realises on reduction: sell 50 @ 13 of 200 @ 11 → +100, average unchanged', () => {
    const book = new PositionBook();
    book.apply(AAPL, 'BUY', dec(200), dec(11));
    expect(book.apply(AAPL, 'SELL', dec(50), dec(13)).toString()).toBe('100');
    const [p] = book.snapshot();
    expect([p.quantity.toString(), p.averagePrice.toString()]).toEqual(['150', '11']);
  });

  it('flips through zero: long 100 @ 10, sell 150 @ 9 → realise −100, short 50 @ 9', () => {
    const book = new PositionBook();
    book.apply(AAPL, 'BUY', dec(100), dec(10));
    expect(book.apply(AAPL, 'SELL', dec(150), dec(9)).toString()).toBe('-100');
    const [p] = book.snapshot();
    expect([p.quantity.toString(), p.averagePrice.toString()]).toEqual(['-50', '9']);
    // covering the short at 8 earns 50 × 1
    expect(book.apply(AAPL, 'BUY', dec(50), dec(8)).toString()).toBe('50');
    expect(book.snapshot()[0].realizedPnl.toString()).toBe('-50');
  });

  it('uses the multiplier: 2 ES bought at 5000, marked at 5010 → unrealised 2 × 10 × 50 = 1000', () => {
    const book = new PositionBook();
    book.apply(ES, 'BUY', dec(2), dec(5000));
    book.mark('ESZ6', dec(5010));
    expect(book.unrealizedOf('ESZ6').toString()).toBe('1000');
    expect(book.snapshot()[0].averagePrice.toString()).toBe('5000');
  });

  it('keeps an exact cost basis when thirds do not divide evenly', () => {
    const book = new PositionBook();
    book.apply(AAPL, 'BUY', dec(3), dec(10));
    book.apply(AAPL, 'BUY', dec(3), dec('10.01'));
    // cost 60.03 for 6; sell 1 at 11: removes 60.03 / 6 = 10.005
    expect(book.apply(AAPL, 'SELL', dec(1), dec(11)).toString()).toBe('0.995');
    // the rest closes with exactly the remaining cost 50.025: 5 × 11 − 50.025 = 4.975
    expect(book.apply(AAPL, 'SELL', dec(5), dec(11)).toString()).toBe('4.975');
    expect(book.snapshot()[0].realizedPnl.toString()).toBe('5.97');
  });
});
