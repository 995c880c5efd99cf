import { dec } from '../decimal/decimal';
import { testInstrument } from '../testing/reference-broker';
import { PositionLedger } from './position-ledger';

describe('PositionLedger', () => {
  const btc = testInstrument();

  it('averages into a position and realises P&L when reducing', () => {
    const ledger = new PositionLedger();
    ledger.apply(btc, 'BUY', dec(1), dec(100));
    ledger.apply(btc, 'BUY', dec(3), dec(200));
    expect(ledger.snapshot()[0].averagePrice.toString()).toBe('175');
    expect(ledger.apply(btc, 'SELL', dec(2), dec(180)).toString()).toBe('10');
    ledger.mark('BTCUSDT', dec(170));
    const [p] = ledger.snapshot();
    expect(p.quantity.toString()).toBe('2');
    expect(p.unrealizedPnl.toString()).toBe('-10');
  });

  it('flips through zero, opening the rest at the fill price, with the multiplier', () => {
    const es = testInstrument({ symbol: 'ES', assetClass: 'FUT', multiplier: dec(50) });
    const ledger = new PositionLedger();
    ledger.apply(es, 'SELL', dec(1), dec(4000));
    expect(ledger.apply(es, 'BUY', dec(3), dec(3990)).toString()).toBe('500');
    const [p] = ledger.snapshot();
    expect(p.quantity.toString()).toBe('2');
    expect(p.averagePrice.toString()).toBe('3990');
  });
});
