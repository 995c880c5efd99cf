import { Decimal, dec } from '@silvertine/core';
import { decodeClientRequest } from '@silvertine/tws-emulator';
import { placeOrderFields } from '../venues/raw-tws.client';
import type { Pipeline } from './fuzz-attack';

/** The decimal parser every mapper ends in, and the TWS emulator's request decoder. */
export const CORE_PIPELINES: readonly Pipeline[] = [
  {
    id: 'core-decimal', source: 'prices and quantities as Binance and TWS write them ("50000.00", "0.00000001", "-12.5", "1E-7")', refusals: [],
    seeds: [{ v: '50000.00' }, { v: '0.00000001' }, { v: '-12.5' }, { v: '1E-7' }],
    run: (p) => dec((p as { v?: unknown } | null)?.v as string),
    check: (v) => (v instanceof Decimal ? undefined : 'dec() returned something other than a Decimal'),
  },
  {
    id: 'tws-client-request', source: 'a PLACE_ORDER and a START_API as @stoqey/ib frames them (fields as wire strings)', refusals: ['WireDecodeError'],
    seeds: [placeOrderFields(5, { symbol: 'AAPL', action: 'BUY', quantity: '10', price: '140', orderRef: 'x1', account: 'DU1234567' }), ['71', '2', '7', '']],
    run: (p) => decodeClientRequest(Array.isArray(p) ? p.map(String) : [String(p)]),
  },
];
