import { dec } from '@silvertine/core';
import type { PlacedOrder } from '../protocol/wire-types';
import { DEFAULT_CONTRACTS } from './contract-table';
import { newOrder, toMatchRequest, trailLimitOffset } from './order-record';

const AAPL = DEFAULT_CONTRACTS[0]!;
const placed = (p: Partial<PlacedOrder>): PlacedOrder => ({
  action: 'SELL', totalQuantity: dec(10), orderType: 'LMT', tif: 'GTC', ocaGroup: '', account: 'DU1', orderRef: 'r', transmit: true, parentId: 0,
  outsideRth: false, goodTillDate: '', ocaType: 0, whatIf: false, conditionCount: 0, ...p,
});
const requestOf = (p: Partial<PlacedOrder>) => toMatchRequest(newOrder(1, 7, 100, AAPL, 'DU1', placed(p)));

describe('order record → matcher request', () => {
  it('MIT and LIT carry their trigger in auxPrice as core take-profits', () => {
    expect(requestOf({ orderType: 'MIT', auxPrice: dec(155) })).toMatchObject({ type: 'TAKE_PROFIT', side: 'SELL', stopPrice: dec(155), limitPrice: undefined });
    expect(requestOf({ action: 'BUY', orderType: 'LIT', auxPrice: dec(145), lmtPrice: dec('144.5') })).toMatchObject({ type: 'TAKE_PROFIT_LIMIT', side: 'BUY', stopPrice: dec(145), limitPrice: dec('144.5') });
  });

  it('TRAIL LIMIT: auxPrice is the distance, trailStopPrice the initial stop, lmtPriceOffset the limit offset (no limit price)', () => {
    const r = requestOf({ orderType: 'TRAIL LIMIT', auxPrice: dec(2), trailStopPrice: dec(148), lmtPriceOffset: dec('0.25') });
    expect([r.type, r.trailingAmount?.toString(), r.stopPrice?.toString(), r.trailingLimitOffset?.toString(), r.limitPrice, r.trailingPercent]).toEqual(['TRAILING_STOP_LIMIT', '2', '148', '0.25', undefined, undefined]);
    const pct = requestOf({ orderType: 'TRAIL LIMIT', trailingPercent: dec(1), auxPrice: dec(9), lmtPriceOffset: dec(0) });
    expect([pct.trailingPercent?.toString(), pct.trailingAmount, pct.trailingLimitOffset?.toString()]).toEqual(['1', undefined, '0']);
  });

  it('derives a TRAIL LIMIT offset from trailStopPrice and lmtPrice when lmtPriceOffset is not given (sell: stop − limit, buy: limit − stop)', () => {
    expect(trailLimitOffset({ action: 'SELL', trailStopPrice: dec(148), lmtPrice: dec('147.7') })?.toString()).toBe('0.3');
    expect(trailLimitOffset({ action: 'BUY', trailStopPrice: dec(152), lmtPrice: dec('152.4') })?.toString()).toBe('0.4');
    expect(trailLimitOffset({ action: 'SELL', lmtPriceOffset: dec('0.1'), trailStopPrice: dec(148), lmtPrice: dec(140) })?.toString()).toBe('0.1');
    expect(trailLimitOffset({ action: 'SELL', lmtPrice: dec(140) })).toBeUndefined();
  });
});
