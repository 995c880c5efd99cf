import { dec } from '../decimal/decimal';
import type { Fill, Order, OrderRequest } from '../domain/order';
import { testInstrument } from '../testing/reference-broker';
import { checkFillAgainstOrder } from './fill-check';
import { OrderStateMachine } from './order-state-machine';

const btc = testInstrument();

function order(overrides: Partial<OrderRequest> = {}, filled?: string): Order {
  const request: OrderRequest = { clientOrderId: 'c1', instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(40000), timeInForce: 'GTC', ...overrides };
  const machine = new OrderStateMachine(request, 0, 'ACCEPTED');
  if (filled) machine.applyFill(fill({ tradeId: 'first', quantity: dec(filled), side: request.side, price: request.limitPrice ?? dec(40000) }), 0);
  return machine.order;
}

function fill(overrides: Partial<Fill> = {}): Fill {
  return {
    tradeId: 't1', clientOrderId: 'c1', symbol: 'BTCUSDT', side: 'BUY', quantity: dec('0.5'), price: dec(40000),
    commission: dec(0), commissionAsset: 'USDT', liquidity: 'MAKER', timestamp: 0, ...overrides,
  };
}

const ruleOf = (o: Order, f: Fill, cumulative?: Parameters<typeof checkFillAgainstOrder>[2]) => checkFillAgainstOrder(o, f, cumulative)?.rule;

describe('checkFillAgainstOrder', () => {
  it('accepts a consistent fill, at the limit or better', () => {
    expect(checkFillAgainstOrder(order(), fill())).toBeUndefined();
    expect(ruleOf(order(), fill({ price: dec(39000) }))).toBeUndefined();
    expect(ruleOf(order({ side: 'SELL' }), fill({ side: 'SELL', price: dec(41000) }))).toBeUndefined();
    expect(ruleOf(order({ type: 'MARKET', limitPrice: undefined }), fill({ price: dec(90000) }))).toBeUndefined();
  });

  it('refuses another symbol or the other side', () => {
    expect(checkFillAgainstOrder(order(), fill({ symbol: 'ETHUSDT' }))).toEqual({ rule: 'symbol', message: "symbol ETHUSDT is not the order's BTCUSDT" });
    expect(checkFillAgainstOrder(order(), fill({ side: 'SELL' }))).toEqual({ rule: 'side', message: 'a SELL execution on a BUY order' });
  });

  it('refuses a price beyond the limit by more than one tick, for every limit-priced type', () => {
    expect(checkFillAgainstOrder(order(), fill({ price: dec(90000) }))?.message).toBe('price 90000 is beyond the BUY limit 40000 (tick 0.01)');
    expect(ruleOf(order(), fill({ price: dec('40000.01') }))).toBeUndefined();
    expect(ruleOf(order(), fill({ price: dec('40000.02') }))).toBe('limit');
    expect(ruleOf(order({ side: 'SELL' }), fill({ side: 'SELL', price: dec('39999.99') }))).toBeUndefined();
    expect(ruleOf(order({ side: 'SELL' }), fill({ side: 'SELL', price: dec('39999.98') }))).toBe('limit');
    for (const type of ['STOP_LIMIT', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP_LIMIT'] as const) {
      expect(ruleOf(order({ type, stopPrice: dec(39000) }), fill({ price: dec(45000) }))).toBe('limit');
    }
    // A STOP's stop price is a trigger, not a limit.
    expect(ruleOf(order({ type: 'STOP', limitPrice: undefined, stopPrice: dec(39000) }), fill({ price: dec(45000) }))).toBeUndefined();
  });

  it('refuses a price or quantity that is not a positive bounded decimal', () => {
    expect(ruleOf(order(), fill({ price: dec(0) }))).toBe('price');
    expect(ruleOf(order(), fill({ price: dec(-1) }))).toBe('price');
    expect(ruleOf(order({ type: 'MARKET' }), fill({ price: dec('1e64').times(100) }))).toBe('price');
    expect(ruleOf(order(), fill({ price: '40000' as never }))).toBe('price');
    expect(ruleOf(order(), fill({ quantity: dec(0) }))).toBe('quantity');
    expect(ruleOf(order(), fill({ quantity: undefined as never }))).toBe('quantity');
  });

  it('refuses more than the remainder', () => {
    expect(ruleOf(order({}, '0.5'), fill({ quantity: dec('0.5') }))).toBeUndefined();
    expect(checkFillAgainstOrder(order({}, '0.5'), fill({ quantity: dec('0.6') }))?.message).toBe('quantity 0.6 is more than the 0.5 that remains of 1');
  });

  it("checks the venue's cumulative quantity: not above the order, never back, covering the fills", () => {
    const half = order({}, '0.5');
    expect(ruleOf(half, fill({ quantity: dec('0.25') }), { reported: dec('0.75'), previous: dec('0.5') })).toBeUndefined();
    // Executions we have not seen yet: not a contradiction.
    expect(ruleOf(half, fill({ quantity: dec('0.25') }), { reported: dec(1), previous: dec('0.5') })).toBeUndefined();
    expect(ruleOf(half, fill({ quantity: dec('0.25') }), { reported: dec('1.5') })).toBe('cumulativeAboveOrder');
    expect(checkFillAgainstOrder(half, fill({ quantity: dec('0.25') }), { reported: dec('0.75'), previous: dec('0.8') })?.rule).toBe('cumulativeBackwards');
    expect(checkFillAgainstOrder(half, fill({ quantity: dec('0.25') }), { reported: dec('0.5') })?.message).toBe('venue cumulative quantity 0.5 is below the 0.75 filled with this execution');
  });
});
