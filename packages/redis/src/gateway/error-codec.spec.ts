import {
  BrokerError, InvalidOrderError, NotSupportedError, OrderNotFoundError, RateLimitError, TimeoutError, VenuePayloadError,
} from '@silvertine/core';
import { decodeBrokerError, encodeBrokerError } from './error-codec';

const roundTrip = (error: unknown) => decodeBrokerError(JSON.parse(JSON.stringify(encodeBrokerError(error))));

describe('broker error codec', () => {
  it('rebuilds core classes with the fields their constructors take', () => {
    const invalid = roundTrip(new InvalidOrderError('quantity', 'stepSize', 'bad step', { brokerId: 'b', clientOrderId: 'c1' }));
    expect(invalid).toBeInstanceOf(InvalidOrderError);
    expect(invalid).toMatchObject({ field: 'quantity', rule: 'stepSize', message: 'bad step', brokerId: 'b', clientOrderId: 'c1' });
    expect(roundTrip(new RateLimitError('slow down', 1500))).toMatchObject({ retryAfterMs: 1500, code: 'RATE_LIMIT' });
    expect(roundTrip(new TimeoutError('late', 250))).toMatchObject({ timeoutMs: 250 });
    expect(roundTrip(new NotSupportedError('orderType:STOP'))).toMatchObject({ feature: 'orderType:STOP' });
    expect(roundTrip(new OrderNotFoundError('gone'))).toBeInstanceOf(OrderNotFoundError);
  });

  it('keeps code, severity and retryability of a class it does not know', () => {
    class CircuitOpenError extends BrokerError {
      constructor() {
        super('CIRCUIT_OPEN', 'RECOVERABLE', true, 'circuit open');
      }
    }
    const decoded = roundTrip(new CircuitOpenError());
    expect(decoded).toBeInstanceOf(BrokerError);
    expect(decoded).toMatchObject({ name: 'CircuitOpenError', code: 'CIRCUIT_OPEN', severity: 'RECOVERABLE', retryable: true });
  });

  it('sends anything else as an InternalError and refuses an error without a code', () => {
    expect(roundTrip(new Error('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom' });
    expect(decodeBrokerError({ message: 'no code' })).toBeInstanceOf(VenuePayloadError);
    expect(decodeBrokerError('text')).toBeInstanceOf(VenuePayloadError);
  });
});
