import fc from 'fast-check';
import { Decimal, dec } from '../decimal/decimal';
import { testInstrument } from '../testing/reference-broker';
import { PositionLedger } from './position-ledger';

const btc = testInstrument();
const AAPL = testInstrument({ symbol: 'AAPL', assetClass: 'STK', baseAsset: undefined, quoteAsset: 'USD', venueSymbol: 'AAPL' });
const ES = testInstrument({ symbol: 'ESZ6', assetClass: 'FUT', baseAsset: undefined, quoteAsset: 'USD', multiplier: dec(50), tickSize: dec('0.25'), venueSymbol: 'ES' });

describe('PositionLedger', () => {
  it('averages the cost of additions: 100 @ 10 + 100 @ 12 → 200 @ 11', () => {
    const ledger = new PositionLedger();
    ledger.apply(AAPL, 'BUY', dec(100), dec(10));
    ledger.apply(AAPL, 'BUY', dec(100), dec(12));
    const [p] = ledger.snapshot();
    expect([p.quantity.toString(), p.averagePrice.toString(), p.realizedPnl.toString()]).toEqual(['200', '11', '0']);
  });

  it('realises on reduction and marks the rest', () => {
    const ledger = new PositionLedger();
    ledger.apply(btc, 'BUY', dec(1), dec(100));
    ledger.apply(btc, 'BUY', dec(3), dec(200));
    expect(ledger.snapshot()[0].averagePrice.toString()).toBe('175');
    expect(ledger.apply(btc, 'SELL', dec(2), dec(180)).toString()).toBe('10');
    ledger.mark('BTCUSDT', dec(170));
    const [p] = ledger.snapshot();
    expect([p.quantity.toString(), p.averagePrice.toString(), p.unrealizedPnl.toString()]).toEqual(['2', '175', '-10']);
    expect(ledger.markOf('BTCUSDT')?.toString()).toBe('170');
  });

  it('flips through zero: long 100 @ 10, sell 150 @ 9 → realise −100, short 50 @ 9; covering at 8 earns 50', () => {
    const ledger = new PositionLedger();
    ledger.apply(AAPL, 'BUY', dec(100), dec(10));
    expect(ledger.apply(AAPL, 'SELL', dec(150), dec(9)).toString()).toBe('-100');
    const [p] = ledger.snapshot();
    expect([p.quantity.toString(), p.averagePrice.toString()]).toEqual(['-50', '9']);
    expect(ledger.apply(AAPL, 'BUY', dec(50), dec(8)).toString()).toBe('50');
    expect(ledger.totalRealized().toString()).toBe('-50');
  });

  it('uses the multiplier: 2 ES at 5000 marked at 5010 → unrealised 1000; a short flips with it', () => {
    const ledger = new PositionLedger();
    ledger.apply(ES, 'BUY', dec(2), dec(5000));
    ledger.mark('ESZ6', dec(5010));
    expect(ledger.unrealizedOf('ESZ6').toString()).toBe('1000');
    expect(ledger.marketValueOf('ESZ6').toString()).toBe('501000');
    expect(ledger.snapshot()[0].averagePrice.toString()).toBe('5000');
    expect(ledger.apply(ES, 'SELL', dec(3), dec(4990)).toString()).toBe('-1000');
    expect(ledger.snapshot()[0]).toMatchObject({ quantity: dec(-1), averagePrice: dec(4990) });
  });

  it('keeps an exact cost basis when thirds do not divide evenly (no drift of a rounded average)', () => {
    const ledger = new PositionLedger();
    ledger.apply(AAPL, 'BUY', dec(3), dec(10));
    ledger.apply(AAPL, 'BUY', dec(3), dec('10.01'));
    // cost 60.03 for 6; sell 1 at 11 removes 60.03 / 6 = 10.005
    expect(ledger.apply(AAPL, 'SELL', dec(1), dec(11)).toString()).toBe('0.995');
    // the rest closes with exactly the remaining cost 50.025: 5 × 11 − 50.025 = 4.975
    expect(ledger.apply(AAPL, 'SELL', dec(5), dec(11)).toString()).toBe('4.975');
    expect(ledger.snapshot()[0].realizedPnl.toString()).toBe('5.97');
    expect(ledger.snapshot()[0].averagePrice.isZero()).toBe(true);
  });

  it('knows its symbols and instruments, and nothing of symbols never traded', () => {
    const ledger = new PositionLedger();
    ledger.apply(AAPL, 'BUY', dec(1), dec(10));
    ledger.mark('MSFT', dec(1));
    expect(ledger.symbols()).toEqual(['AAPL']);
    expect(ledger.instrumentOf('AAPL')).toBe(AAPL);
    expect([ledger.quantityOf('MSFT'), ledger.unrealizedOf('MSFT'), ledger.marketValueOf('MSFT')]).toEqual([Decimal.ZERO, Decimal.ZERO, Decimal.ZERO]);
  });

  // Fills of random sides, sizes and prices (with awkward decimals) on an instrument with a multiplier.
  const fillArb = fc.record({
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    quantity: fc.integer({ min: 1, max: 5_000 }).map((n) => dec(n).div(1000)),
    price: fc.integer({ min: 1, max: 1_000_000 }).map((n) => dec(n).div(300, 'HALF_EVEN').roundToStep(dec('0.0001'))),
  });
  const markArb = fc.integer({ min: 1, max: 1_000_000 }).map((n) => dec(n).div(7).roundToStep(dec('0.01')));

  it('accounts for every unit exactly: cash flows + position value = realised + unrealised (property)', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 40 }), markArb, fc.constantFrom(dec(1), dec(50), dec('0.1')), (fills, mark, multiplier) => {
        const instrument = { ...ES, multiplier };
        const ledger = new PositionLedger();
        let cash = Decimal.ZERO;
        let quantity = Decimal.ZERO;
        let realized = Decimal.ZERO;
        for (const f of fills) {
          realized = realized.plus(ledger.apply(instrument, f.side, f.quantity, f.price));
          const value = f.price.times(f.quantity).times(multiplier);
          cash = f.side === 'BUY' ? cash.minus(value) : cash.plus(value);
          quantity = f.side === 'BUY' ? quantity.plus(f.quantity) : quantity.minus(f.quantity);
        }
        ledger.mark(instrument.symbol, mark);
        expect(ledger.quantityOf(instrument.symbol).eq(quantity)).toBe(true);
        expect(ledger.totalRealized().eq(realized)).toBe(true);
        const valueAtMark = quantity.times(mark).times(multiplier);
        expect(cash.plus(valueAtMark).eq(realized.plus(ledger.unrealizedOf(instrument.symbol)))).toBe(true);
        expect(ledger.marketValueOf(instrument.symbol).eq(valueAtMark)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a round trip to flat leaves no cost and realises exactly the cash it made (property)', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 30 }), (fills) => {
        const ledger = new PositionLedger();
        let cash = Decimal.ZERO;
        for (const f of fills) {
          ledger.apply(AAPL, f.side, f.quantity, f.price);
          const value = f.price.times(f.quantity);
          cash = f.side === 'BUY' ? cash.minus(value) : cash.plus(value);
        }
        // close at the last price
        const open = ledger.quantityOf('AAPL');
        const last = fills[fills.length - 1].price;
        if (!open.isZero()) {
          ledger.apply(AAPL, open.isPositive() ? 'SELL' : 'BUY', open.abs(), last);
          cash = cash.plus(open.times(last));
        }
        const [p] = ledger.snapshot();
        expect(p.quantity.isZero()).toBe(true);
        expect(p.averagePrice.isZero()).toBe(true);
        expect(ledger.marketValueOf('AAPL').isZero()).toBe(true);
        expect(p.realizedPnl.eq(cash)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
