import { decodeWhatIfState } from './what-if.decoder';

// orderState as @stoqey/ib 1.6.10 decodes the emulator's what-if OPEN_ORDER (min/max commission unset)
const STATE = {
  status: 'PreSubmitted', initMarginBefore: 0, maintMarginBefore: 0, equityWithLoanBefore: 100000,
  initMarginChange: 3750.25, maintMarginChange: 3750.25, equityWithLoanChange: -2,
  initMarginAfter: 3750.25, maintMarginAfter: 3750.25, equityWithLoanAfter: 99998,
  commission: 1, minCommission: undefined, maxCommission: 1.7976931348623157e308, commissionCurrency: 'USD', warningText: '',
};

describe('decodeWhatIfState', () => {
  it('reads the estimate into Decimals; unset min/max commission fall back to the commission', () => {
    const p = decodeWhatIfState({ whatIf: true }, STATE);
    expect([p.initMarginChange, p.equityWithLoanAfter, p.minCommission, p.maxCommission].map(String)).toEqual(['3750.25', '99998', '1', '1']);
    expect(p.warning).toBeUndefined();
  });

  it('refuses an answer that is not a what-if, a missing margin or a negative commission, naming the field', () => {
    expect(() => decodeWhatIfState({ whatIf: false }, STATE)).toThrow(/openOrder\.order\.whatIf/);
    expect(() => decodeWhatIfState({ whatIf: true }, { ...STATE, initMarginAfter: undefined })).toThrow(/initMarginAfter/);
    expect(() => decodeWhatIfState({ whatIf: true }, { ...STATE, equityWithLoanChange: Number.NaN })).toThrow(/equityWithLoanChange/);
    expect(() => decodeWhatIfState({ whatIf: true }, { ...STATE, commission: -1 })).toThrow(/commission/);
  });
});
