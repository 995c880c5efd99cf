import { IbPayloadError, UNSET_DOUBLE } from './decode-fields';
import { decodePnL, decodePnLSingle } from './pnl.decoder';

describe('PnL decoders', () => {
  it('reads PNL and PNL_SINGLE values as exact decimals, leaving unset ones (Double.MAX_VALUE, undefined) absent', () => {
    const pnl = decodePnL({ dailyPnL: -1.1, unrealizedPnL: UNSET_DOUBLE, realizedPnL: 0 });
    expect(pnl.dailyPnL?.toString()).toBe('-1.1');
    expect(pnl.realizedPnL?.isZero()).toBe(true);
    expect('unrealizedPnL' in pnl).toBe(false);
    const single = decodePnLSingle({ position: 10, dailyPnL: 9.8, unrealizedPnL: 9.8, realizedPnL: 0, marketValue: 1511 });
    expect([single.position, single.marketValue].map(String)).toEqual(['10', '1511']);
    expect(Object.keys(decodePnLSingle({}))).toEqual([]);
  });

  it('refuses NaN, infinities and non-objects, naming the field', () => {
    expect(() => decodePnL({ dailyPnL: Number.NaN })).toThrow(IbPayloadError);
    expect(() => decodePnL({ dailyPnL: Number.NaN })).toThrow(/pnl\.dailyPnL/);
    expect(() => decodePnLSingle({ marketValue: Number.POSITIVE_INFINITY })).toThrow(/pnlSingle\.marketValue/);
    expect(() => decodePnL('x')).toThrow(/pnl/);
  });
});
