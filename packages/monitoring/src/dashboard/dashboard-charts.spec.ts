import { createEvent, dec, type FillEvent, type MarketDataEvent, type Order } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { DashboardChartSeries } from './dashboard-charts';

function trade(symbol: string, price: string, t: number): MarketDataEvent {
  return createEvent({ type: 'MarketData', data: { kind: 'trade', symbol, price: dec(price), size: dec(1), timestamp: t } }, t);
}

function fill(side: 'BUY' | 'SELL', quantity: string, price: string, t: number, commission = '0'): FillEvent {
  const order = { request: { instrument: testInstrument() } } as unknown as Order;
  return createEvent({
    type: 'Fill', brokerId: 'b', order,
    fill: { tradeId: `T${t}`, clientOrderId: 'c', symbol: 'BTCUSDT', side, quantity: dec(quantity), price: dec(price), commission: dec(commission), commissionAsset: 'USDT', liquidity: 'TAKER', timestamp: t },
  } as unknown as FillEvent, t);
}

describe('DashboardChartSeries', () => {
  it('keeps P&L, positions and markers exact as Decimal strings', () => {
    const s = new DashboardChartSeries(100, 0);
    s.onMarketData(trade('BTCUSDT', '100', 1));
    s.onFill(fill('BUY', '0.3', '100', 2, '0.1'));
    s.onMarketData(trade('BTCUSDT', '110.1', 3));
    s.onFill(fill('SELL', '0.1', '120', 4));
    const c = s.charts();
    expect(c.prices['BTCUSDT']).toEqual([{ t: 1, v: '100' }, { t: 3, v: '110.1' }]);
    expect(c.positions['BTCUSDT'].map((p) => p.v)).toEqual(['0.3', '0.2']);
    expect(c.markers).toEqual([
      { t: 2, symbol: 'BTCUSDT', side: 'BUY', price: '100', quantity: '0.3' },
      { t: 4, symbol: 'BTCUSDT', side: 'SELL', price: '120', quantity: '0.1' },
    ]);
    // 0.3 × 10.1 = 3.03 unrealized at 110.1; selling 0.1 at 120 realizes 2; 0.2 stay marked at the last print: 2.02.
    expect(c.pnl).toEqual([
      { t: 2, equity: '-0.1', realized: '0', unrealized: '0' },
      { t: 3, equity: '2.93', realized: '0', unrealized: '3.03' },
      { t: 4, equity: '3.92', realized: '2', unrealized: '2.02' },
    ]);
  });

  it('is a bounded ring, and coalesces prints closer than the interval but never a fill point', () => {
    const s = new DashboardChartSeries(5, 250);
    for (let t = 0; t < 10_000; t += 100) s.onMarketData(trade('BTCUSDT', String(100 + t), t));
    const prices = s.charts().prices['BTCUSDT'];
    // One point per 250 ms slot (its last print), the five newest slots.
    expect(prices.map((p) => p.t)).toEqual([8900, 9200, 9400, 9700, 9900]);
    expect(prices[prices.length - 1]).toEqual({ t: 9900, v: '10000' });
    for (let i = 0; i < 12; i++) s.onFill(fill('BUY', '1', '100', 10_000 + i));
    const c = s.charts();
    expect([c.markers.length, c.positions['BTCUSDT'].length, c.pnl.length]).toEqual([5, 5, 5]);
    expect(c.positions['BTCUSDT'].map((p) => p.v)).toEqual(['8', '9', '10', '11', '12']);
  });

  it('follows at most 16 symbols', () => {
    const s = new DashboardChartSeries();
    for (let i = 0; i < 20; i++) s.onMarketData(trade(`S${i}`, '1', i));
    expect(Object.keys(s.charts().prices)).toHaveLength(16);
  });
});
