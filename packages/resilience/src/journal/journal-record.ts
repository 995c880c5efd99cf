import type { Fill, Order, OrderRequest } from '@silvertine/core';
import { decodeFill, decodeOrder, decodeOrderRequest, encodeFill, encodeOrder, encodeOrderRequest, type DecodeCache, type JsonObject } from '../serialization/domain.codec';

/** Why a queued order left the queue. */
export type DequeueOutcome = 'sent' | 'expired' | 'canceled' | 'refused';

/**
 * One journal entry. `submit` is written before the order leaves the process; `update` and `fill`
 * follow the order's life; `queue`/`dequeue` make the disconnected-order queue durable.
 */
export type JournalRecord =
  | { readonly kind: 'submit'; readonly brokerId: string; readonly at: number; readonly request: OrderRequest }
  | { readonly kind: 'update'; readonly brokerId: string; readonly order: Order }
  | { readonly kind: 'fill'; readonly brokerId: string; readonly fill: Fill }
  | { readonly kind: 'queue'; readonly brokerId: string; readonly at: number; readonly expiresAt: number; readonly request: OrderRequest }
  | { readonly kind: 'dequeue'; readonly brokerId: string; readonly at: number; readonly clientOrderId: string; readonly outcome: DequeueOutcome };

/** Storage version written in every record, so a future format can be read side by side. */
export const JOURNAL_FORMAT_VERSION = 1;

/** A record as plain JSON (Decimals as exact strings). */
export function encodeRecord(record: JournalRecord): JsonObject {
  const base = { v: JOURNAL_FORMAT_VERSION, kind: record.kind, brokerId: record.brokerId };
  switch (record.kind) {
    case 'submit':
      return { ...base, at: record.at, request: encodeOrderRequest(record.request) };
    case 'update':
      return { ...base, order: encodeOrder(record.order) };
    case 'fill':
      return { ...base, fill: encodeFill(record.fill) };
    case 'queue':
      return { ...base, at: record.at, expiresAt: record.expiresAt, request: encodeOrderRequest(record.request) };
    case 'dequeue':
      return { ...base, at: record.at, clientOrderId: record.clientOrderId, outcome: record.outcome };
  }
}

/** Inverse of encodeRecord; throws on anything it does not recognise. `cache` interns values across a replay. */
export function decodeRecord(json: Record<string, unknown>, cache?: DecodeCache): JournalRecord {
  const brokerId = String(json.brokerId);
  switch (json.kind) {
    case 'submit':
      return { kind: 'submit', brokerId, at: Number(json.at), request: decodeOrderRequest(json.request as Record<string, unknown>, cache) };
    case 'update':
      return { kind: 'update', brokerId, order: decodeOrder(json.order as Record<string, unknown>, cache) };
    case 'fill':
      return { kind: 'fill', brokerId, fill: decodeFill(json.fill as Record<string, unknown>, cache) };
    case 'queue':
      return { kind: 'queue', brokerId, at: Number(json.at), expiresAt: Number(json.expiresAt), request: decodeOrderRequest(json.request as Record<string, unknown>, cache) };
    case 'dequeue':
      return { kind: 'dequeue', brokerId, at: Number(json.at), clientOrderId: String(json.clientOrderId), outcome: json.outcome as DequeueOutcome };
    default:
      throw new Error(`journal: unknown record kind ${String(json.kind)}`);
  }
}

/** Where journal records live (file, Redis stream). The disconnected-order queue writes through it too. */
export interface JournalStore {
  /** Appends one record durably according to the store's policy; resolves once written. */
  append(record: JournalRecord): Promise<void>;
  /** Reads every record back and folds them into the state at the time of the last one. */
  replay(): Promise<import('./journal-replay').JournalReplay>;
}
