import { dec, type SilvertineEvent } from '@silvertine/core';
import {
  decodeFill, decodeMarketData, decodeOrder, decodeOrderRequest, encodeFill, encodeMarketData, encodeOrder,
  encodeOrderRequest, type JsonObject,
} from './domain.codec';

type R = Record<string, unknown>;

/** The Decimal fields of a PnL event. */
const PNL_DECIMALS = ['dailyPnL', 'unrealizedPnL', 'realizedPnL', 'position', 'marketValue'] as const;

/**
 * Encodes any bus event as a JSON object, losslessly (Decimals as exact strings). Used by the Redis
 * Streams bridge and anything else that moves events between processes.
 */
export function encodeEvent(event: SilvertineEvent): JsonObject {
  switch (event.type) {
    case 'MarketData':
      return { ...event, data: encodeMarketData(event.data) } as unknown as JsonObject;
    case 'Order': {
      if (event.action === 'submit') return { ...event, request: encodeOrderRequest(event.request) } as unknown as JsonObject;
      if (event.action === 'modify') {
        const changes: R = {};
        for (const [key, value] of Object.entries(event.changes)) if (value !== undefined) changes[key] = value.toString();
        return { ...event, changes } as unknown as JsonObject;
      }
      return { ...event } as unknown as JsonObject;
    }
    case 'OrderUpdate':
      return { ...event, order: encodeOrder(event.order) } as unknown as JsonObject;
    case 'Fill':
      return { ...event, fill: encodeFill(event.fill), order: encodeOrder(event.order) } as unknown as JsonObject;
    case 'PnL': {
      const pnl: R = { ...event };
      for (const key of PNL_DECIMALS) if (event[key] !== undefined) pnl[key] = event[key].toString();
      return pnl as JsonObject;
    }
    default:
      // ConnectionState, BrokerError and Alert carry no Decimals.
      return JSON.parse(JSON.stringify(event)) as JsonObject;
  }
}

/** Inverse of `encodeEvent`. Throws on an unknown event type (a newer producer), never guesses. */
export function decodeEvent(json: R): SilvertineEvent {
  switch (json.type) {
    case 'MarketData':
      return { ...json, data: decodeMarketData(json.data as R) } as unknown as SilvertineEvent;
    case 'Order': {
      if (json.action === 'submit') {
        const request = json.request as R;
        // A user's OrderRequestInput may lack clientOrderId/timeInForce; the broker fills them in.
        return { ...json, request: decodeOrderRequest(request) } as unknown as SilvertineEvent;
      }
      if (json.action === 'modify') {
        const changes: R = {};
        for (const [key, value] of Object.entries(json.changes as R)) changes[key] = dec(String(value));
        return { ...json, changes } as unknown as SilvertineEvent;
      }
      return { ...json } as unknown as SilvertineEvent;
    }
    case 'OrderUpdate':
      return { ...json, order: decodeOrder(json.order as R) } as unknown as SilvertineEvent;
    case 'Fill':
      return { ...json, fill: decodeFill(json.fill as R), order: decodeOrder(json.order as R) } as unknown as SilvertineEvent;
    case 'PnL': {
      const pnl: R = { ...json };
      for (const key of PNL_DECIMALS) if (json[key] !== undefined) pnl[key] = dec(String(json[key]));
      return pnl as unknown as SilvertineEvent;
    }
    case 'ConnectionState':
    case 'BrokerError':
    case 'Alert':
      return { ...json } as unknown as SilvertineEvent;
    default:
      throw new Error(`codec: unknown event type ${String(json.type)}`);
  }
}
