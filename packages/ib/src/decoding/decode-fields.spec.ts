import { dec } from '@silvertine/core';
import { decimalField, IbPayloadError } from './decode-fields';

describe('decimalField', () => {
  it('reads a finite double within bounds into its shortest exact decimal', () => {
    expect(decimalField(140.5, 'execution.price', { positive: true }).eq(dec('140.5'))).toBe(true);
  });

  it.each([NaN, Infinity, -1, 0, 1e16])('refuses %p where a positive price is required', (value) => {
    expect(() => decimalField(value, 'execution.price', { positive: true })).toThrow(IbPayloadError);
  });

  it('refuses a positive double that rounds to zero at 18 decimal places (a fill "at 0")', () => {
    expect(() => decimalField(1e-20, 'execution.price', { positive: true })).toThrow(/execution.price: must be positive at 18 decimal places/);
    expect(decimalField(1e-20, 'execution.cumQty', { nonNegative: true }).isZero()).toBe(true);
  });
});
