import { EventBus } from '../events/event-bus';
import { BrokerError, isBrokerError } from '../errors/broker-error';
import { RateLimitError, TimeoutError, InvalidOrderError } from '../errors/errors';
import { ClientOrderIdGenerator } from '../ids/client-order-id';
import { normalizeOrderRequest } from '../broker/order-request';
import { ReferenceBroker, testInstrument } from '../testing/reference-broker';
import { Decimal, DecimalError, dec } from './decimal';

/**
 * A second, independent copy of core's modules, as a plugin that installed its own @silvertine/core
 * would load: other classes with the same names, sharing nothing but the process-wide `Symbol.for` brands.
 */
function secondCopy(): { Decimal: typeof Decimal; errors: typeof import('../errors/errors') } {
  let copy!: ReturnType<typeof secondCopy>;
  jest.isolateModules(() => {
    copy = { Decimal: (require('./decimal') as typeof import('./decimal')).Decimal, errors: require('../errors/errors') };
  });
  return copy;
}

const other = secondCopy();

describe('Decimals of another copy of core', () => {
  const foreign = other.Decimal.from('1.25');

  it('are not instances of this copy, but are Decimals by the brand', () => {
    expect(other.Decimal).not.toBe(Decimal);
    expect(foreign instanceof Decimal).toBe(false);
    expect(Decimal.isDecimal(foreign)).toBe(true);
    expect(Decimal.isDecimal(dec('1'))).toBe(true);
  });

  it('convert exactly into this copy through Decimal.from, tryFrom and arithmetic', () => {
    const own = Decimal.from(foreign);
    expect(own).toBeInstanceOf(Decimal);
    expect(own.toString()).toBe('1.25');
    expect(Decimal.tryFrom(foreign)?.toString()).toBe('1.25');
    expect(dec('2').plus(foreign).toString()).toBe('3.25');
    expect(dec('2.5').gt(foreign)).toBe(true);
    expect(dec('2.5').isMultipleOf(foreign)).toBe(true);
  });

  it('an object that only looks like one is still refused', () => {
    const lookalike = { toString: () => '1.25' };
    expect(Decimal.isDecimal(lookalike)).toBe(false);
    expect(() => Decimal.from(lookalike as never)).toThrow(DecimalError);
    expect(Decimal.tryFrom(lookalike)).toBeUndefined();
  });
});

describe('errors of another copy of core', () => {
  const foreign = new other.errors.RateLimitError('slow down', 1000);

  it('are instances of the classes of the same name here, up to BrokerError', () => {
    expect(foreign instanceof other.errors.RateLimitError).toBe(true);
    expect(foreign instanceof RateLimitError).toBe(true);
    expect(foreign instanceof BrokerError).toBe(true);
    expect(foreign instanceof TimeoutError).toBe(false);
    expect(isBrokerError(foreign)).toBe(true);
  });

  it('this copy is unchanged: own errors by prototype, anything unbranded refused', () => {
    expect(new TimeoutError('late', 5) instanceof TimeoutError).toBe(true);
    expect(new TimeoutError('late', 5) instanceof RateLimitError).toBe(false);
    const impostor = Object.assign(new Error('x'), { name: 'RateLimitError' });
    expect(impostor instanceof RateLimitError).toBe(false);
    expect((null as unknown) instanceof BrokerError).toBe(false);
  });
});

describe('an order whose amounts come from another copy of core', () => {
  const ids = new ClientOrderIdGenerator('t');

  it('is normalised to this copy at the broker boundary; an order of this copy is passed through as is', () => {
    const request = {
      clientOrderId: 'c1', timeInForce: 'GTC' as const, instrument: testInstrument(), side: 'BUY' as const, type: 'LIMIT' as const,
      quantity: other.Decimal.from('0.5') as unknown as Decimal, limitPrice: other.Decimal.from('100.1') as unknown as Decimal,
      bracket: { stopLoss: { stopPrice: other.Decimal.from('90') as unknown as Decimal } },
    };
    const normalised = normalizeOrderRequest(request, ids);
    expect(normalised.quantity).toBeInstanceOf(Decimal);
    expect(normalised.limitPrice).toBeInstanceOf(Decimal);
    expect(normalised.bracket?.stopLoss?.stopPrice).toBeInstanceOf(Decimal);
    expect(normalised.limitPrice!.toString()).toBe('100.1');
    const own = { ...request, quantity: dec('0.5'), limitPrice: dec('100.1'), bracket: undefined };
    expect(normalizeOrderRequest(own, ids)).toBe(own);
  });

  it('fills on a broker of this copy, where it used to be refused as "quantity must be a Decimal"', async () => {
    const bus = new EventBus();
    const broker = new ReferenceBroker({ id: 'ref', bus, config: { cash: { USDT: dec('100000') } } });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: other.Decimal.from('0.01') as unknown as Decimal });
    expect(order.status).toBe('FILLED');
    expect(order.filledQuantity.toString()).toBe('0.01');
    await broker.disconnect();
  });

  it('a number instead of a Decimal is still refused with the field named', async () => {
    const bus = new EventBus();
    const broker = new ReferenceBroker({ id: 'ref', bus, config: { cash: { USDT: dec('100000') } } });
    await broker.connect();
    await expect(broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: 0.01 as unknown as Decimal })).rejects.toThrow(InvalidOrderError);
    await broker.disconnect();
  });
});
