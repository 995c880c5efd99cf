import { dec } from '@silvertine/core';
import { DepthChanges } from './depth-changes';
import type { Level } from './market-state';

const lv = (...pairs: Array<[string, string]>): Level[] => pairs.map(([p, q]) => [dec(p), dec(q)] as const);

describe('DepthChanges', () => {
  it('merges changes not yet taken into one event spanning their update ids, each level at its final quantity', () => {
    const c = new DepthChanges();
    c.record('BTCUSDT', 4, { bids: lv(['10', '1'], ['9', '1']), asks: lv(['11', '1']) });
    expect(c.take('BTCUSDT')).toEqual({ firstUpdateId: 4, lastUpdateId: 4, bids: [['10.00000000', '1.00000000'], ['9.00000000', '1.00000000']], asks: [['11.00000000', '1.00000000']] });
    c.record('BTCUSDT', 5, { bids: lv(['10', '2'], ['9', '1']), asks: lv(['11', '1']) });
    c.record('BTCUSDT', 6, { bids: lv(['10', '3']), asks: lv(['11', '1'], ['12', '4']) });
    expect(c.take('BTCUSDT')).toEqual({
      firstUpdateId: 5,
      lastUpdateId: 6,
      bids: [['10.00000000', '3.00000000'], ['9.00000000', '0.00000000']],
      asks: [['12.00000000', '4.00000000']],
    });
    expect(c.take('BTCUSDT')).toBeUndefined();
    c.record('BTCUSDT', 7, { bids: lv(['10', '3']), asks: lv(['11', '1'], ['12', '4']) });
    expect(c.take('BTCUSDT')).toEqual({ firstUpdateId: 7, lastUpdateId: 7, bids: [], asks: [] });
  });
});
