import { AccountSuspendedError, AuthenticationError, DuplicateOrderError, ExchangeMaintenanceError, InsufficientFundsError, InvalidOrderError, OrderNotFoundError, RateLimitError, TemporaryConnectionError, TimeoutError } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import { BINANCE_ERROR_TABLE, mapBinanceError } from './error-mapping';

const map = (status: number, code: number | undefined, msg?: string, retryAfterMs?: number) => mapBinanceError({ status, code, msg, retryAfterMs }, { brokerId: 'b', clientOrderId: 'c1' });

describe('Binance error table', () => {
  it('maps only codes that Binance documents', () => {
    const documented = new Set(fixture<{ codes: Array<{ code: number }> }>('errors').codes.map((c) => c.code));
    for (const code of Object.keys(BINANCE_ERROR_TABLE)) expect(documented.has(Number(code))).toBe(true);
  });

  it.each([
    [400, -1013, 'Filter failure: LOT_SIZE', InvalidOrderError, { field: 'quantity', rule: 'stepSize' }],
    [400, -1013, 'Filter failure: NOTIONAL', InvalidOrderError, { field: 'quantity', rule: 'minNotional' }],
    [400, -1013, 'Filter failure: PRICE_FILTER', InvalidOrderError, { field: 'limitPrice', rule: 'tickSize' }],
    [400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.", InvalidOrderError, { field: 'limitPrice' }],
    [400, -1100, "Illegal characters found in parameter 'quantity'", InvalidOrderError, { field: 'quantity' }],
    [400, -1121, 'Invalid symbol.', InvalidOrderError, { field: 'symbol' }],
    [400, -1021, 'Timestamp for this request is outside of the recvWindow.', InvalidOrderError, { field: 'timestamp' }],
    [400, -1022, 'Signature for this request is not valid.', AuthenticationError, { severity: 'CRITICAL' }],
    [401, -2014, 'API-key format invalid.', AuthenticationError, {}],
    [401, -2015, 'Invalid API-key, IP, or permissions for action.', AuthenticationError, {}],
    [400, -2010, 'Account has insufficient balance for requested action.', InsufficientFundsError, {}],
    [400, -2010, 'Duplicate order sent.', DuplicateOrderError, {}],
    [400, -2010, 'Market is closed.', ExchangeMaintenanceError, {}],
    [400, -2010, 'This action is disabled on this account.', AccountSuspendedError, {}],
    [400, -2010, 'Order would immediately match and take.', InvalidOrderError, { field: 'postOnly' }],
    [400, -2011, 'Unknown order sent.', OrderNotFoundError, {}],
    [400, -2013, 'Order does not exist.', OrderNotFoundError, {}],
    [503, -1007, 'Timeout waiting for response from backend server.', TimeoutError, {}],
    [500, -1006, 'An unexpected response was received from the message bus.', TimeoutError, {}],
    [503, -1001, 'Internal error', TemporaryConnectionError, {}],
    [503, -1016, 'This service is no longer available.', ExchangeMaintenanceError, {}],
    [502, undefined, undefined, TemporaryConnectionError, {}],
  ])('%i %s %s → %p', (status, code, msg, cls, fields) => {
    const error = map(status, code, msg);
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({ ...fields, brokerId: 'b', clientOrderId: 'c1', venueCode: code ?? status });
  });

  it('classifies 429 and -1015 as rate limits carrying Retry-After, and 418 as a ban', () => {
    expect(map(429, -1003, 'Too much request weight used', 3_000)).toMatchObject({ retryAfterMs: 3_000, code: 'RATE_LIMIT' });
    expect(map(400, -1015, 'Too many new orders.')).toBeInstanceOf(RateLimitError);
    const banned = map(418, -1003, 'Way too much request weight used; IP banned until 1659146400000.', 60_000);
    expect(banned).toBeInstanceOf(RateLimitError);
    expect((banned as RateLimitError).retryAfterMs).toBe(60_000);
    expect(banned.venueCode).toBe(-1003);
  });
});
