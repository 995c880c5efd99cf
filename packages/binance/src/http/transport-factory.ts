import type { Clock } from '@silvertine/core';
import type { BinanceTransportKind } from '../binance.config';
import { GotTransport } from './got-transport';
import type { RestTransport } from './rest-transport';
import { UndiciTransport } from './undici-transport';

/**
 * The REST transport a config selects: undici unless `got` is asked for by name. Only the got branch
 * loads got (see GotTransport), so the default path never touches it. Request deadlines run on `clock`.
 */
export function createRestTransport(kind: BinanceTransportKind, baseUrl: string, clock: Clock): RestTransport {
  return kind === 'got' ? new GotTransport(baseUrl, undefined, clock) : new UndiciTransport(baseUrl, undefined, clock);
}
