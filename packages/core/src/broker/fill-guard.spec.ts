import { dec } from '../decimal/decimal';
import type { Fill, Order } from '../domain/order';
import { ReconcilingError } from '../errors/errors';
import { OrderStateMachine } from '../orders/order-state-machine';
import { testInstrument } from '../testing/reference-broker';
import { FillGuard } from './fill-guard';

const order: Order = new OrderStateMachine({ clientOrderId: 'c1', instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec(1), timeInForce: 'GTC' }, 0, 'ACCEPTED').order;
const fill: Fill = {
  tradeId: 't', clientOrderId: 'c1', symbol: 'BTCUSDT', side: 'BUY', quantity: dec('0.1'), price: dec(100),
  commission: dec(0), commissionAsset: 'USDT', liquidity: 'TAKER', timestamp: 0,
};

describe('FillGuard', () => {
  it("remembers the venue's highest cumulative quantity per open order, and forgets a closed one", () => {
    const guard = new FillGuard();
    guard.applied(order, dec('0.5'));
    guard.applied(order, dec('0.3')); // never lowers what it remembers
    expect(guard.check(order, fill, dec('0.4'))?.rule).toBe('cumulativeBackwards');
    guard.closed('c1');
    expect(guard.check(order, fill, dec('0.4'))).toBeUndefined();
    expect(guard.check(order, fill, undefined)).toBeUndefined();
  });

  it('blocks symbols until they are unblocked, all or by name', () => {
    const guard = new FillGuard();
    expect(() => guard.assertOpen('BTCUSDT', 'b', 'c2')).not.toThrow();
    guard.block('BTCUSDT', 'a SELL execution on a BUY order');
    guard.block('ETHUSDT', 'price beyond the limit');
    expect(() => guard.assertOpen('BTCUSDT', 'b', 'c2')).toThrow(ReconcilingError);
    expect(() => guard.assertOpen('BTCUSDT', 'b', 'c2')).toThrow('orders on BTCUSDT are refused until reconciliation: a SELL execution on a BUY order');
    expect(guard.unblock(['BTCUSDT', 'XRPUSDT'])).toEqual(['BTCUSDT']);
    expect(guard.blockedSymbols()).toEqual(['ETHUSDT']);
    expect(guard.unblock()).toEqual(['ETHUSDT']);
    expect(() => guard.assertOpen('ETHUSDT', 'b', 'c2')).not.toThrow();
  });
});
