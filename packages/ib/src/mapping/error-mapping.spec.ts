import { isBrokerError } from '@silvertine/core';
import codes from '../../test/fixtures/error-codes.json';
import { classifyIbCode, isLateRejection, mappedIbCodes, toBrokerError } from './error-mapping';

describe('IB error mapping', () => {
  it('classifies every code of error-codes.json, warnings as warnings', () => {
    for (const entry of codes.codes) {
      const kind = classifyIbCode(entry.code);
      if (entry.kind === 'warning') expect([entry.code, kind]).toEqual([entry.code, 'warning']);
      if (entry.kind === 'system') expect([entry.code, kind]).toEqual([entry.code, 'connectivity']);
      if (kind === 'error') expect(toBrokerError(entry.code, entry.message).code).not.toBe('INTERNAL');
    }
  });

  it('treats the whole 2100-2169 range as warnings', () => {
    expect([2100, 2137, 2169].map(classifyIbCode)).toEqual(['warning', 'warning', 'warning']);
  });

  it.each([
    [103, 'DUPLICATE_ORDER'], [110, 'INVALID_ORDER'], [200, 'INVALID_ORDER'], [326, 'CONFIGURATION'], [502, 'TEMPORARY_CONNECTION'],
    [504, 'TEMPORARY_CONNECTION'], [135, 'ORDER_NOT_FOUND'], [10147, 'ORDER_NOT_FOUND'], [100, 'RATE_LIMIT'], [387, 'NOT_SUPPORTED'], [9999, 'INTERNAL'],
  ])('maps %i to %s with the venue code', (code, expected) => {
    const error = toBrokerError(code, 'text', { brokerId: 'ib', clientOrderId: 'c1' });
    expect(isBrokerError(error)).toBe(true);
    expect(error).toMatchObject({ code: expected, venueCode: code, brokerId: 'ib', clientOrderId: 'c1' });
  });

  it('splits 201 rejections into insufficient funds and invalid orders by reason', () => {
    expect(toBrokerError(201, 'Order rejected - Reason: Insufficient buying power').code).toBe('INSUFFICIENT_FUNDS');
    expect(toBrokerError(201, 'Order rejected - Reason: YOUR ORDER IS NOT ACCEPTED.')).toMatchObject({ code: 'INVALID_ORDER', field: 'order', rule: 'rejected' });
    expect(toBrokerError(110, 'price')).toMatchObject({ field: 'limitPrice', rule: 'tickSize' });
  });

  it('names the clientId in the 326 message', () => {
    expect(toBrokerError(326, 'Unable to connect as the client id is already in use.').message).toMatch(/unique clientId/);
  });
});

describe('late rejections', () => {
  it('flags exactly 201, 110 and 103 as taking a working order off the book', () => {
    expect(mappedIbCodes().filter(isLateRejection).sort((a, b) => a - b)).toEqual([103, 110, 201]);
    expect([isLateRejection(202), isLateRejection(9999)]).toEqual([false, false]);
  });
});
