import { dec } from '../decimal/decimal';
import type { OrderRequest } from '../domain/order';
import { NotSupportedError } from '../errors/errors';
import { testInstrument } from '../testing/reference-broker';
import { assertSupported, type BrokerCapabilities } from './capabilities';
import { CONNECTION_TRANSITIONS, assertConnectionTransition } from './connection-state';
import { InvalidStateTransitionError } from '../errors/errors';

const caps: BrokerCapabilities = { orderTypes: ['MARKET', 'LIMIT'], timeInForce: ['GTC'], assetClasses: ['CRYPTO'], features: ['POST_ONLY'] };
const request: OrderRequest = { clientOrderId: 'c', instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(1), timeInForce: 'GTC' };

describe('capabilities', () => {
  it('accepts what is declared', () => {
    expect(() => assertSupported(caps, { ...request, postOnly: true })).not.toThrow();
  });

  it.each([
    [{ type: 'STOP' as const }, 'orderType:STOP'],
    [{ timeInForce: 'IOC' as const }, 'timeInForce:IOC'],
    [{ instrument: testInstrument({ assetClass: 'OPT' }) }, 'assetClass:OPT'],
    [{ bracket: { takeProfit: { limitPrice: dec(2) } } }, 'BRACKET'],
    [{ reduceOnly: true }, 'REDUCE_ONLY'],
  ])('refuses %o with NotSupportedError(%s)', (change, feature) => {
    let caught: unknown;
    try {
      assertSupported(caps, { ...request, ...change }, 'b1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotSupportedError);
    expect((caught as NotSupportedError).feature).toBe(feature);
    expect((caught as NotSupportedError).brokerId).toBe('b1');
  });

  it('refuses the trailing distance a broker does not take, naming the field, and accepts the one it does', () => {
    const trailing = { ...request, side: 'SELL' as const, type: 'TRAILING_STOP' as const, limitPrice: undefined };
    const percentOnly: BrokerCapabilities = { ...caps, orderTypes: ['TRAILING_STOP'], features: ['TRAILING'], trailingDistances: ['PERCENT'] };
    expect(() => assertSupported(percentOnly, { ...trailing, trailingPercent: dec(1) })).not.toThrow();
    expect(() => assertSupported(percentOnly, { ...trailing, trailingAmount: dec(5) })).toThrow(expect.objectContaining({ feature: 'trailingAmount', message: expect.stringContaining('percentage only') }));
    const amountOnly: BrokerCapabilities = { ...percentOnly, trailingDistances: ['AMOUNT'] };
    expect(() => assertSupported(amountOnly, { ...trailing, trailingPercent: dec(1) })).toThrow(expect.objectContaining({ feature: 'trailingPercent' }));
    // absent: both forms
    expect(() => assertSupported({ ...percentOnly, trailingDistances: undefined }, { ...trailing, trailingAmount: dec(5) })).not.toThrow();
  });
});

describe('connection states', () => {
  it('allow the documented transitions only', () => {
    expect(() => assertConnectionTransition('DISCONNECTED', 'CONNECTING')).not.toThrow();
    expect(() => assertConnectionTransition('DISCONNECTED', 'CONNECTED')).toThrow(InvalidStateTransitionError);
    expect(CONNECTION_TRANSITIONS.RECONNECTING).toContain('CONNECTED');
    expect(CONNECTION_TRANSITIONS.CONNECTED).not.toContain('CONNECTING');
  });
});
