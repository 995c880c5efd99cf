import { canPreviewOrders, dec, type Order, type OrderRequest } from '@silvertine/core';
import { AAPL, startRig, type Rig } from './support/harness';

const request = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'preview-1', instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(100), limitPrice: dec('150.02'), timeInForce: 'DAY', ...over,
});

describe('InteractiveBrokersBroker what-if preview on the TWS emulator', () => {
  let rig: Rig;
  let orders: Order[];

  beforeEach(async () => {
    rig = await startRig({}, { accounts: ['DU1234567'], cash: { USD: '100000' } });
    rig.emulator.setQuote('AAPL', { bid: '150.00', ask: '150.02', bidSize: 500, askSize: 500 });
    orders = [];
    rig.broker.orders$.subscribe((o) => orders.push(o));
  });
  afterEach(() => rig.close());

  it('declares ORDER_PREVIEW and returns the margin and commission impact without placing anything', async () => {
    expect(canPreviewOrders(rig.broker)).toBe(true);
    const preview = await rig.broker.previewOrder(request());
    // the emulator's 25 % stock margin on 100 × the mid 150.01; commission 100 × 0.005 → the USD 1 minimum;
    // equity loses the commission and the 0.01 paid above the mark
    expect(preview.initMarginBefore.toString()).toBe('0');
    expect(preview.initMarginChange.toString()).toBe('3750.25');
    expect(preview.initMarginAfter.toString()).toBe('3750.25');
    expect(preview.maintMarginChange.toString()).toBe('3750.25');
    expect(preview.equityWithLoanBefore.toString()).toBe('100000');
    expect(preview.equityWithLoanChange.toString()).toBe('-2');
    expect(preview.equityWithLoanAfter.toString()).toBe('99998');
    expect([preview.commission, preview.minCommission, preview.maxCommission].map(String)).toEqual(['1', '1', '1']);
    expect(preview.commissionCurrency).toBe('USD');
    expect(rig.emulator.orders()).toEqual([]);
    expect(orders).toEqual([]);
    expect(await rig.broker.getOpenOrders()).toEqual([]);
  });

  it('spans min and max commission over the touch for a market order and fails with the refusal of TWS', async () => {
    rig.emulator.setQuote('AAPL', { bid: '0.50', ask: '0.60' });
    // 1,000 shares: 0.005 × 1,000 = 5.00, capped at 1 % of value: 5.00 at the bid, 6.00 at the ask → min 5, max 5
    const market = await rig.broker.previewOrder(request({ type: 'MARKET', limitPrice: undefined, quantity: dec(1000) }));
    expect(market.minCommission.toString()).toBe('5');
    expect(market.maxCommission.toString()).toBe('5');
    // no limit and no market data to estimate at: TWS's error for the what-if id rejects the preview
    const msft = { ...AAPL, symbol: 'MSFT' };
    await expect(rig.broker.previewOrder(request({ instrument: msft, type: 'MARKET', limitPrice: undefined }))).rejects.toMatchObject({ message: expect.stringContaining('No market data') });
    await expect(rig.broker.previewOrder(request({ bracket: { takeProfit: { limitPrice: dec(160) } } }))).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});
