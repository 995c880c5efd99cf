import { TimeoutError, isBrokerError, type Clock, type Decimal, type Instrument, type Ticker } from '@silvertine/core';
import { IBApiTickType as TickType, type Contract, type IBApiNext, type MarketDataTicks } from '@stoqey/ib';
import { IbPayloadError, optionalDecimalField } from '../decoding/decode-fields';
import { toBrokerError } from '../mapping/error-mapping';
import { onStep } from '../mapping/numbers';

/** Tick types of a snapshot (TWS API "Available Tick Types"): real-time, then the delayed twin. */
const FIELDS = [
  { key: 'bid', live: TickType.BID, delayed: TickType.DELAYED_BID, price: true },
  { key: 'ask', live: TickType.ASK, delayed: TickType.DELAYED_ASK, price: true },
  { key: 'last', live: TickType.LAST, delayed: TickType.DELAYED_LAST, price: true },
  { key: 'bidSize', live: TickType.BID_SIZE, delayed: TickType.DELAYED_BID_SIZE, price: false },
  { key: 'askSize', live: TickType.ASK_SIZE, delayed: TickType.DELAYED_ASK_SIZE, price: false },
] as const;

/** The figures of core's Ticker one snapshot gives; a side TWS did not quote is absent. */
type Figures = Pick<Ticker, 'bid' | 'bidSize' | 'ask' | 'askSize' | 'last'>;

/**
 * The ticks of a snapshot, decoded as untrusted input: each value finite, non-negative and below IB's
 * magnitude bound (else IbPayloadError naming the tick, e.g. `tick.bid`); -1 (IB's "no quote") and
 * absent are none; prices are taken to the instrument's tick. `delayed` tells whether any figure came
 * from a delayed tick type (66-68, 69-70), which TWS sends when reqMarketDataType asks for delayed data.
 */
export function decodeSnapshotTicks(ticks: unknown, instrument: Instrument): Figures & { delayed: boolean } {
  if (!(ticks instanceof Map)) throw new IbPayloadError('ticks', 'must be a map of tick types', ticks);
  const out: Record<string, Decimal> = {};
  let delayed = false;
  for (const f of FIELDS) {
    const live = valueOf(ticks, f.live, f.key);
    const late = live === undefined ? valueOf(ticks, f.delayed, f.key) : undefined;
    const raw = live ?? late;
    if (raw === undefined || raw === -1) continue;
    const value = optionalDecimalField(raw, `tick.${f.key}`, { nonNegative: true });
    if (!value) continue;
    if (late !== undefined) delayed = true;
    out[f.key] = f.price ? onStep(value, instrument.tickSize) : value;
  }
  return { ...(out as Figures), delayed };
}

function valueOf(ticks: Map<unknown, unknown>, type: TickType, key: string): unknown {
  const tick = ticks.get(type);
  if (tick === undefined) return undefined;
  if (!tick || typeof tick !== 'object') throw new IbPayloadError(`tick.${key}`, 'must be a tick object', tick);
  return (tick as { value?: unknown }).value;
}

export interface SnapshotRequest {
  readonly api: IBApiNext;
  readonly contract: Contract;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly brokerId: string;
}

/**
 * One reqMktData snapshot (snapshot=true): TWS sends the ticks it has, then tickSnapshotEnd (57), which
 * completes IBApiNext's subscription. The deadline runs on the injected clock: a snapshot TWS never ends
 * rejects with TimeoutError and cancels the request (cancelMktData) instead of hanging. A TWS error on
 * the request (200 unknown contract, 354 not subscribed...) becomes core's typed broker error.
 */
export function requestSnapshot({ api, contract, clock, timeoutMs, brokerId }: SnapshotRequest): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    let last: unknown = new Map();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      fn();
    };
    const timer = clock.setTimeout(() => {
      settle(() => reject(new TimeoutError(`market data snapshot of ${contract.symbol ?? contract.conId}: no tickSnapshotEnd from TWS within ${timeoutMs} ms`, timeoutMs, { brokerId })));
      subscription.unsubscribe();
    }, timeoutMs);
    const subscription = api.getMarketData(contract, '', true, false).subscribe({
      next: (update) => {
        last = (update as { all?: MarketDataTicks }).all ?? last;
      },
      complete: () => settle(() => resolve(last)),
      error: (error: unknown) => settle(() => reject(snapshotError(error, brokerId))),
    });
    if (settled) subscription.unsubscribe();
  });
}

function snapshotError(error: unknown, brokerId: string): Error {
  if (isBrokerError(error)) return error;
  // IBApiNextError wraps TWS's message in `.error`; its code is IB's
  const ibError = error as { code?: number; error?: Error; message?: string };
  const code = typeof ibError.code === 'number' ? ibError.code : -1;
  return toBrokerError(code, `market data snapshot: ${ibError.error?.message ?? ibError.message ?? String(error)}`, { brokerId });
}
