import { dec } from '../decimal/decimal';
import type { OrderRequest } from '../domain/order';
import { InvalidOrderError } from '../errors/errors';
import { testInstrument } from '../testing/reference-broker';
import { validateOrderRequest } from './order-validator';

const base: OrderRequest = {
  clientOrderId: 'c1', instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.001'), limitPrice: dec('50000'), timeInForce: 'GTC',
};
const now = 1_000;

function violation(request: Partial<OrderRequest>, referencePrice?: string): { field: string; rule: string } | undefined {
  try {
    validateOrderRequest({ ...base, ...request } as OrderRequest, { now, referencePrice: referencePrice ? dec(referencePrice) : undefined });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOrderError);
    const { field, rule, message } = error as InvalidOrderError;
    expect(message).toContain('BTCUSDT');
    return { field, rule };
  }
}

describe('validateOrderRequest', () => {
  it('accepts a well-formed order', () => {
    expect(violation({})).toBeUndefined();
  });

  it.each([
    [{ quantity: dec('0') }, 'quantity', 'positive'],
    [{ quantity: dec('0.000015') }, 'quantity', 'stepSize'],
    [{ limitPrice: dec('50000.005') }, 'limitPrice', 'tickSize'],
    [{ limitPrice: undefined }, 'limitPrice', 'required'],
    [{ type: 'STOP' as const, limitPrice: undefined }, 'stopPrice', 'required'],
    [{ type: 'MARKET' as const }, 'limitPrice', 'notAllowed'],
    [{ quantity: dec('0.00001'), limitPrice: dec('100') }, 'quantity', 'minNotional'],
    [{ timeInForce: 'GTD' as const }, 'expireAt', 'required'],
    [{ timeInForce: 'GTD' as const, expireAt: 500 }, 'expireAt', 'future'],
    [{ expireAt: 5_000 }, 'expireAt', 'notAllowed'],
    [{ postOnly: true, timeInForce: 'IOC' as const }, 'postOnly', 'timeInForce'],
    [{ type: 'STOP' as const, limitPrice: undefined, stopPrice: dec('1'), postOnly: true }, 'postOnly', 'limitOnly'],
    [{ type: 'TRAILING_STOP' as const, limitPrice: undefined }, 'trailingAmount', 'exactlyOne'],
    [{ type: 'TRAILING_STOP' as const, limitPrice: undefined, trailingPercent: dec(150) }, 'trailingPercent', 'range'],
    [{ type: 'TAKE_PROFIT' as const, limitPrice: undefined }, 'stopPrice', 'required'],
    [{ type: 'TAKE_PROFIT' as const, stopPrice: dec('49000') }, 'limitPrice', 'notAllowed'],
    [{ type: 'TAKE_PROFIT_LIMIT' as const }, 'stopPrice', 'required'],
    [{ type: 'TAKE_PROFIT_LIMIT' as const, stopPrice: dec('49000'), limitPrice: undefined }, 'limitPrice', 'required'],
    [{ type: 'TRAILING_STOP_LIMIT' as const, limitPrice: undefined, trailingAmount: dec(100) }, 'trailingLimitOffset', 'required'],
    [{ type: 'TRAILING_STOP_LIMIT' as const, limitPrice: undefined, trailingAmount: dec(100), trailingLimitOffset: dec('-1') }, 'trailingLimitOffset', 'tickSize'],
    [{ type: 'TRAILING_STOP_LIMIT' as const, limitPrice: undefined, trailingLimitOffset: dec(5) }, 'trailingAmount', 'exactlyOne'],
    [{ type: 'TRAILING_STOP' as const, limitPrice: undefined, trailingAmount: dec(100), trailingLimitOffset: dec(5) }, 'trailingLimitOffset', 'notAllowed'],
    [{ clientOrderId: 'has spaces' }, 'clientOrderId', 'pattern'],
    [{ side: 'HOLD' as never }, 'side', 'enum'],
    [{ bracket: { takeProfit: { limitPrice: dec('49000') } } }, 'bracket.takeProfit.limitPrice', 'side'],
    [{ bracket: { stopLoss: { stopPrice: dec('51000') } } }, 'bracket.stopLoss.stopPrice', 'side'],
    [{ bracket: { stopLoss: { stopPrice: dec('49000.001') } } }, 'bracket.stopLoss.stopPrice', 'tickSize'],
  ])('rejects %o naming %s / %s', (change, field, rule) => {
    expect(violation(change as Partial<OrderRequest>)).toEqual({ field, rule });
  });

  it('checks the min notional of a market order against the reference price', () => {
    const market = { type: 'MARKET' as const, limitPrice: undefined, quantity: dec('0.00001') };
    expect(violation(market, '50000')).toEqual({ field: 'quantity', rule: 'minNotional' });
    expect(violation({ ...market, quantity: dec('0.001') }, '50000')).toBeUndefined();
  });

  it('accepts take-profit orders and a trailing stop limit with an offset', () => {
    expect(violation({ type: 'TAKE_PROFIT', limitPrice: undefined, stopPrice: dec('49000') })).toBeUndefined();
    expect(violation({ type: 'TAKE_PROFIT_LIMIT', stopPrice: dec('49000'), limitPrice: dec('49000.5') })).toBeUndefined();
    expect(violation({ type: 'TRAILING_STOP_LIMIT', limitPrice: undefined, trailingPercent: dec('1.5'), trailingLimitOffset: dec(0) })).toBeUndefined();
  });

  it('accepts a valid bracket and a trailing stop by percent', () => {
    expect(violation({ bracket: { takeProfit: { limitPrice: dec('51000') }, stopLoss: { stopPrice: dec('49000') } } })).toBeUndefined();
    expect(violation({ type: 'TRAILING_STOP', limitPrice: undefined, trailingPercent: dec('1.5') })).toBeUndefined();
  });
});
