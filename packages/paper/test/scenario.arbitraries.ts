// Random order/market-data scenarios shared by the property tests (engine and portfolio).
import { dec, Decimal, ORDER_TYPE_TRAITS, ORDER_TYPES, type MarketData, type OrderRequest, type TimeInForce } from '@silvertine/core';
import fc from 'fast-check';
import type { EngineEvent, SlippageModelConfig } from '../src';
import { MatchingEngine } from '../src';
import { barOf, orderOf, quoteOf, stockInstrument, tradeOf } from '../src/testing';

export const AAPL = stockInstrument('AAPL');
const TICK = AAPL.tickSize;
export const T0 = Date.UTC(2024, 0, 2, 15, 0);
export { dec };
export const px = (ticks: number) => TICK.times(ticks);

export type Op =
  | { op: 'submit'; request: OrderRequest }
  | { op: 'cancel'; index: number }
  | { op: 'data'; data: MarketData }
  | { op: 'time' };

/** A price around 100.00, in ticks. */
const priceTicks = fc.integer({ min: 9_000, max: 11_000 });

const submitOp = (id: number) =>
  fc
    .record({
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      type: fc.constantFrom(...ORDER_TYPES),
      quantity: fc.integer({ min: 1, max: 60 }),
      limit: priceTicks,
      stop: priceTicks,
      trail: fc.integer({ min: 1, max: 300 }),
      offset: fc.integer({ min: 0, max: 50 }),
      tif: fc.constantFrom<TimeInForce>('GTC', 'GTC', 'IOC', 'FOK', 'DAY', 'GTD'),
      postOnly: fc.boolean(),
      reduceOnly: fc.boolean(),
    })
    .map(({ side, type, quantity, limit, stop, trail, offset, tif, postOnly, reduceOnly }): Op => ({
      op: 'submit',
      request: orderOf(AAPL, {
        clientOrderId: `p${id}`,
        side,
        type,
        quantity,
        limitPrice: ORDER_TYPE_TRAITS[type].requiresLimitPrice ? px(limit) : undefined,
        stopPrice: ORDER_TYPE_TRAITS[type].requiresStopPrice ? px(stop) : undefined,
        trailingAmount: ORDER_TYPE_TRAITS[type].trailing ? px(trail) : undefined,
        trailingLimitOffset: type === 'TRAILING_STOP_LIMIT' ? px(offset) : undefined,
        timeInForce: tif,
        expireAt: tif === 'GTD' ? T0 + 50_000 : undefined,
        postOnly: type === 'LIMIT' && tif !== 'IOC' && tif !== 'FOK' ? postOnly : undefined,
        reduceOnly: reduceOnly && Math.abs(id) % 5 === 0 ? true : undefined,
      }),
    }));

const dataOp = fc.oneof(
  fc.record({ mid: priceTicks, spread: fc.integer({ min: 1, max: 5 }), bidSize: fc.integer({ min: 0, max: 80 }), askSize: fc.integer({ min: 0, max: 80 }) }).map(
    ({ mid, spread, bidSize, askSize }) => (t: number): MarketData => quoteOf('AAPL', px(mid), px(mid + spread), t, bidSize, askSize),
  ),
  fc.record({ price: priceTicks, size: fc.integer({ min: 0, max: 120 }) }).map(({ price, size }) => (t: number): MarketData => tradeOf('AAPL', px(price), size, t)),
  fc.record({ open: priceTicks, up: fc.integer({ min: 0, max: 200 }), down: fc.integer({ min: 0, max: 200 }), close: fc.double({ min: 0, max: 1, noNaN: true }), volume: fc.integer({ min: 0, max: 400 }) }).map(
    ({ open, up, down, close, volume }) =>
      (t: number): MarketData => {
        const c = Math.round(open - down + close * (up + down));
        return barOf('AAPL', [px(open), px(open + up), px(open - down), px(c)], volume, t, 1000);
      },
  ),
);

export const scenario = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constant('submit') }, { weight: 4, arbitrary: fc.constant('data') }, { weight: 1, arbitrary: fc.constant('cancel') }, { weight: 1, arbitrary: fc.constant('time') }), { minLength: 1, maxLength: 60 })
  .chain((kinds) =>
    fc.tuple(
      ...kinds.map((kind, i): fc.Arbitrary<Op> => {
        if (kind === 'submit') return submitOp(i);
        if (kind === 'cancel') return fc.nat({ max: 60 }).map((index) => ({ op: 'cancel', index }));
        if (kind === 'time') return fc.constant({ op: 'time' });
        return dataOp.map((make) => ({ op: 'data', data: make(T0 + i * 1000) }));
      }),
    ),
  );

export const slippages: readonly SlippageModelConfig[] = [
  { model: 'FIXED', amount: Decimal.ZERO },
  { model: 'FIXED', ticks: 2 },
  { model: 'PERCENTAGE', bps: dec(5) },
  { model: 'MARKET_IMPACT', sigma: 0.02, adv: dec(10_000) },
  { model: 'MARKET_IMPACT' },
];

export function run(ops: readonly Op[], slippage: SlippageModelConfig, share: Decimal): EngineEvent[] {
  const engine = new MatchingEngine({ instruments: [AAPL], slippage, maxVolumeShare: share, sessionEndTime: (t) => t + 20_000 });
  const events: EngineEvent[] = [];
  const ids: string[] = [];
  ops.forEach((op, i) => {
    const now = T0 + i * 1000;
    if (op.op === 'submit') {
      ids.push(op.request.clientOrderId);
      events.push(...engine.submit(op.request, now));
    } else if (op.op === 'cancel') {
      events.push(...engine.cancel(ids[op.index % Math.max(1, ids.length)] ?? 'none', now));
    } else if (op.op === 'time') {
      events.push(...engine.advanceTime(now));
    } else {
      events.push(...engine.onMarketData(op.data, now));
    }
  });
  return events;
}

export const settings = fc.tuple(scenario, fc.constantFrom(...slippages), fc.constantFrom(dec(1), dec('0.5'), dec('0.25')));

