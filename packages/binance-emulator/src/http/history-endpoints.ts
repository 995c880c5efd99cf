import { Decimal } from '@silvertine/core';
import { apiErrors } from '../errors/binance-error';
import { aggTradeJson, klineInterval, klinesJson, rollingTickerJson, tradeJson, windowSizeMs } from '../market/history-json';
import type { RequestParams } from '../rules/request-params';
import type { Endpoint, EndpointContext } from './api-endpoints';

/** Most recent `limit` prints, or from `fromId` / within [startTime, endTime] (oldest first). */
function tapeSlice(params: RequestParams, ctx: EndpointContext, symbol: string) {
  const limit = Math.max(1, Math.min(params.integer('limit') ?? 500, 1000));
  const fromId = params.integer('fromId');
  const start = params.integer('startTime');
  const end = params.integer('endTime');
  const tape = ctx.exchange.market.recentTrades(symbol, Number.MAX_SAFE_INTEGER);
  if (fromId === undefined && start === undefined && end === undefined) return tape.slice(-limit);
  return tape.filter((t) => t.id >= (fromId ?? 0) && t.time >= (start ?? 0) && t.time <= (end ?? Number.MAX_SAFE_INTEGER)).slice(0, limit);
}

/**
 * Market history from the emulator's tape (the last 1,000 prints per symbol): recent trades, aggregate
 * trades, klines and the rolling-window ticker, with rest-api.md's parameters and shapes. A replay source
 * reads these exactly as it reads Binance.
 */
export function historyEndpoints(symbolOf: (params: RequestParams, ctx: EndpointContext) => string, symbolsOf: (params: RequestParams, ctx: EndpointContext) => { list: string[]; single: boolean }): Record<string, Endpoint> {
  return {
    'trades.recent': {
      signed: false,
      handle: (params, ctx) => {
        const limit = Math.max(1, Math.min(params.integer('limit') ?? 500, 1000));
        return ctx.exchange.market.recentTrades(symbolOf(params, ctx), limit).map(tradeJson);
      },
    },
    'trades.aggregate': { signed: false, handle: (params, ctx) => tapeSlice(params, ctx, symbolOf(params, ctx)).map(aggTradeJson) },
    klines: {
      signed: false,
      handle: (params, ctx) => {
        const symbol = symbolOf(params, ctx);
        const interval = klineInterval(params.required('interval'));
        const limit = Math.max(1, Math.min(params.integer('limit') ?? 500, 1000));
        const start = params.integer('startTime');
        const rows = klinesJson(ctx.exchange.market.recentTrades(symbol, Number.MAX_SAFE_INTEGER), interval, start ?? 0, params.integer('endTime') ?? ctx.serverTime());
        // With startTime the first `limit` klines from it; otherwise the most recent ones.
        return start === undefined ? rows.slice(-limit) : rows.slice(0, limit);
      },
    },
    ticker: {
      signed: false,
      handle: (params, ctx) => {
        if (!params.has('symbol') && !params.has('symbols')) throw apiErrors.eitherMandatory('symbol', 'symbols');
        const { list, single } = symbolsOf(params, ctx);
        const windowMs = windowSizeMs(params.optional('windowSize'));
        const type = params.oneOf('type', ['FULL', 'MINI'] as const, () => apiErrors.invalidParam('type')) ?? 'FULL';
        const now = ctx.serverTime();
        const one = (s: string) =>
          rollingTickerJson(s, ctx.exchange.market.recentTrades(s, Number.MAX_SAFE_INTEGER), ctx.exchange.market.last(s) ?? Decimal.ZERO, now, windowMs, type);
        return single ? one(list[0]) : list.map(one);
      },
    },
  };
}
