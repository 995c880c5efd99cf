import { dec, type Fill, type OrderSide, type OrderType } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import type { ShadowRecord } from '../src';

/** Submission time of every hand-built record; fill times are offsets from it. */
export const T0 = 1_000_000;
let trade = 0;

/** A fill `at` ms after T0 (trade ids unique across a test file). */
export function fill(side: OrderSide, quantity: string, price: string, at: number, commission: string, commissionAsset = 'USDT'): Fill {
  trade += 1;
  return { tradeId: `t${trade}`, clientOrderId: 'x', symbol: 'BTCUSDT', side, quantity: dec(quantity), price: dec(price), commission: dec(commission), commissionAsset, liquidity: 'TAKER', timestamp: T0 + at };
}

/** A finished pair on BTCUSDT, both legs submitted at T0. */
export function record(id: string, side: OrderSide, type: OrderType, quantity: string, live: Fill[], paper: Fill[], shadowFailure?: string): ShadowRecord {
  return {
    liveClientOrderId: id, shadowClientOrderId: `s-${id}`, instrument: testInstrument(), side, type, quantity: dec(quantity),
    live: { submittedAt: T0, status: 'FILLED', fills: live }, paper: { submittedAt: T0, status: 'FILLED', fills: paper }, shadowFailure,
  };
}
