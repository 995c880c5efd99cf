import { decodeServerTime } from '../decoding/rest-market.decoder';
import { InFlightSlots } from './in-flight-slots';
import { BrokerError, RateLimitError, sleep, TemporaryConnectionError, TimeoutError, VenuePayloadError, type Clock, type Logger } from '@silvertine/core';
import { PayloadRejection } from '../decoding/payload-rejection';
import { mapBinanceError, type BinanceFailure } from '../mapping/error-mapping';
import type { RequestRateLimiter } from './request-rate-limiter';
import { toQueryString, type RequestSigner } from './request-signer';
import { TransportFailure, type RestResponse, type RestTransport } from './rest-transport';

/** Default cap of a venue-imposed wait (Retry-After, 418 ban): one hour. */
export const DEFAULT_MAX_VENUE_WAIT_MS = 3_600_000;

/** A Retry-After header in seconds: digits only (no sign, fraction, exponent or HTTP date), above zero. */
const RETRY_AFTER_SECONDS = /^\d{1,12}$/;

/** One REST call, and the decoder its answer must pass before anything reads it. */
export interface RestCall<T = unknown> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly params?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly signed: boolean;
  /** Request weight per Binance's docs; reserved in the limiter before sending. */
  readonly weight: number;
  /** Counts against the ORDERS limits (new orders). */
  readonly isOrder?: boolean;
  /**
   * A read may be retried (5xx, connection loss, 429 within maxRetryWaitMs, -1021 after a time re-sync).
   * Anything that changes state is sent once.
   */
  readonly retry?: boolean;
  readonly clientOrderId?: string;
  /**
   * Checks the parsed 2xx body's shape and returns it typed (see src/decoding/); throws a PayloadRejection
   * when it does not fit, which the client turns into a VenuePayloadError.
   */
  readonly decode: (body: unknown) => T;
}

/** What names a call in errors and logs: never its parameters (which hold the signature). */
export type RestCallLabel = Pick<RestCall<unknown>, 'method' | 'path' | 'clientOrderId'>;

export interface BinanceRestClientOptions {
  readonly transport: RestTransport;
  readonly apiKey: string;
  readonly signer: RequestSigner;
  readonly limiter: RequestRateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly brokerId: string;
  readonly recvWindowMs: number;
  readonly timeoutMs: number;
  readonly maxReadRetries?: number;
  /** Longest wait a read accepts before retrying (Retry-After or backoff); longer fails at once. */
  readonly maxRetryWaitMs?: number;
  /**
   * Longest wait a 429's Retry-After or a 418 ban may impose (default DEFAULT_MAX_VENUE_WAIT_MS). A
   * longer one (a hostile or broken venue's `Retry-After: 99999999`) is cut to this and logged, so the
   * broker is not parked for years; a real ban that outlasts it is met by another 418 and waited again.
   */
  readonly maxVenueWaitMs?: number;
  /** Called when the venue bans the IP (418): the broker raises a critical alert. */
  readonly onBan?: (untilMs: number) => void;
  readonly random?: () => number;
  /** Requests in flight at once (the transport's socket count); the rest wait unsigned. Default 16. */
  readonly maxInFlight?: number;
  /**
   * Reports an answer that failed its decoder (the broker publishes a VenuePayloadError and counts it)
   * and returns the error to throw. Default: the error, unreported.
   */
  readonly rejectPayload?: (kind: string, reason: string, payload: unknown) => VenuePayloadError;
}

/**
 * Signed Binance REST: timestamps corrected by the server-time offset, HMAC/Ed25519 signatures, request
 * weight reserved before and corrected after each call, venue errors mapped through the one table,
 * and reads retried with jittered backoff. Messages and logs carry the path only, never the query
 * (which holds the signature) or headers (which hold the API key).
 */
export class BinanceRestClient {
  private offsetMs = 0;
  private readonly orderTimestamps = new Map<string, number>();
  private slots?: InFlightSlots;
  /** The same header object for every request (the API key never changes for a client). */
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly o: BinanceRestClientOptions) {
    this.headers = o.apiKey ? { 'X-MBX-APIKEY': o.apiKey } : {};
  }

  /** Server time minus local time, as last measured. */
  get timeOffsetMs(): number {
    return this.offsetMs;
  }

  /** Measures the server-time offset with GET /api/v3/time (midpoint of the round trip). */
  async syncTime(): Promise<number> {
    const sent = this.o.clock.now();
    const { serverTime } = await this.call({ method: 'GET', path: '/api/v3/time', signed: false, weight: 1, retry: true, decode: decodeServerTime }, false);
    const received = this.o.clock.now();
    this.offsetMs = Math.round(serverTime - (sent + received) / 2);
    this.o.logger.debug('binance time offset', { offsetMs: this.offsetMs });
    return this.offsetMs;
  }

  /**
   * The `timestamp` signed into the latest order request carrying this clientOrderId whose answer did not
   * settle it (no answer, a non-2xx status or an unreadable body: the cases that may leave it UNKNOWN). With recvWindow it
   * bounds when the venue may still accept that request: after `timestamp + recvWindow` (venue clock) a
   * delayed copy is refused with -1021, so "not found" can then be trusted as "never arrived".
   */
  signedOrderTimestamp(clientOrderId: string): number | undefined {
    return this.orderTimestamps.get(clientOrderId);
  }

  /**
   * Remembers the signing time of an order sent on another channel (the WebSocket API) whose outcome its
   * answer did not settle, as the REST path does for its own (see signedOrderTimestamp).
   */
  rememberOrderTimestamp(clientOrderId: string, timestamp: number): void {
    this.orderTimestamps.set(clientOrderId, timestamp);
  }

  /** Forgets the signing time of a resolved order. */
  forgetOrderTimestamp(clientOrderId: string): void {
    this.orderTimestamps.delete(clientOrderId);
  }

  /** The recvWindow signed into every request. */
  get recvWindowMs(): number {
    return this.o.recvWindowMs;
  }

  /** Local time corrected to the venue's clock, for `timestamp`. */
  serverNow(): number {
    return this.o.clock.now() + this.offsetMs;
  }

  /**
   * Sends a call (retrying reads as `retry` allows), parses the JSON answer and passes it through the
   * call's decoder. A 2xx body that carries Binance's `{code, msg}` is the error it names (mapped through
   * the error table), not a success.
   */
  request<T>(call: RestCall<T>): Promise<T> {
    return this.call<T>(call, true); // not async itself: one promise and microtask fewer per call
  }

  private async call<T>(call: RestCall<T>, resyncOnSkew: boolean): Promise<T> {
    const maxRetries = call.retry ? (this.o.maxReadRetries ?? 3) : 0;
    let resynced = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(call);
      } catch (error) {
        if (!(error instanceof BrokerError)) throw error;
        const skew = error.venueCode === -1021;
        if (skew && resyncOnSkew && !resynced) {
          // Our clock drifted from the venue's: measure again. A read is then retried; an order is not.
          resynced = true;
          await this.syncTime().catch(() => undefined);
          if (call.retry) continue;
        }
        const wait = this.retryWait(error, attempt);
        if (attempt >= maxRetries || wait === undefined) throw error;
        this.o.logger.debug('binance read retry', { path: call.path, attempt: attempt + 1, waitMs: wait, code: error.code });
        await sleep(this.o.clock, wait);
      }
    }
  }

  /** How long to wait before retrying a read after `error`, or undefined when it must not be retried. */
  private retryWait(error: BrokerError, attempt: number): number | undefined {
    const max = this.o.maxRetryWaitMs ?? 5_000;
    if (error instanceof RateLimitError) {
      if (error.venueCode === 418) return undefined;
      return error.retryAfterMs <= max ? error.retryAfterMs : undefined;
    }
    if (error instanceof TemporaryConnectionError || error instanceof TimeoutError) {
      const base = Math.min(max, 200 * 2 ** attempt);
      return Math.round(base * (0.5 + (this.o.random ?? Math.random)() * 0.5));
    }
    return undefined;
  }

  private async once<T>(call: RestCall<T>): Promise<T> {
    // Wait for a free connection before signing: see InFlightSlots.
    this.slots ??= new InFlightSlots(this.o.maxInFlight ?? 16);
    if (!this.slots.tryAcquire()) await this.slots.acquire();
    try {
      return await this.sendNow<T>(call);
    } finally {
      this.slots.release();
    }
  }

  private async sendNow<T>(call: RestCall<T>): Promise<T> {
    this.o.limiter.acquire(call.weight, call.isOrder ?? false);
    let query = toQueryString(call.params ?? {});
    let timestamp: number | undefined;
    if (call.signed) {
      timestamp = this.serverNow();
      // Both are integers: appended as they are, without a second toQueryString (no encoding needed).
      const stamp = `recvWindow=${this.o.recvWindowMs}&timestamp=${timestamp}`;
      query = query ? `${query}&${stamp}` : stamp;
      query += `&signature=${encodeURIComponent(this.o.signer.sign(query))}`;
    }
    // The signing time matters only for an order whose outcome the answer does not settle (see
    // signedOrderTimestamp): kept on every failure path below (keepTimestamp), never for a 2xx, so the map
    // holds unresolved orders only instead of growing by one entry per order.
    let response: RestResponse;
    try {
      response = await this.o.transport.request({ method: call.method, path: query ? `${call.path}?${query}` : call.path, headers: this.headers, timeoutMs: this.o.timeoutMs });
    } catch (error) {
      this.keepTimestamp(call, timestamp);
      if (error instanceof TransportFailure) {
        const what = `binance ${call.method} ${call.path}: ${error.message}`;
        throw error.kind === 'timeout'
          ? new TimeoutError(what, error.timeoutMs, { ...this.errorOptions(call), cause: error })
          : new TemporaryConnectionError(what, { ...this.errorOptions(call), cause: error });
      }
      throw error;
    }
    this.o.limiter.observe(response.headers);
    if (response.status < 200 || response.status >= 300) {
      this.keepTimestamp(call, timestamp);
      throw this.failure(call, response, readErrorBody(response.body));
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      this.keepTimestamp(call, timestamp);
      // A truncated or garbled answer: reported as a refused payload, and retried like a lost answer (a read) or
      // resolved by query (an order).
      const refused = this.rejectPayload(call, `unreadable ${response.status} body`, response.body);
      throw new TemporaryConnectionError(`binance ${call.method} ${call.path}: unreadable ${response.status} body`, { ...this.errorOptions(call), cause: refused });
    }
    if (isErrorBody(body)) {
      this.keepTimestamp(call, timestamp);
      throw this.failure(call, response, body);
    }
    try {
      return call.decode(body);
    } catch (error) {
      if (!(error instanceof PayloadRejection)) throw error;
      this.keepTimestamp(call, timestamp);
      throw this.rejectPayload(call, error.message, response.body);
    }
  }

  /** Remembers when an order whose outcome is unsettled was signed (see signedOrderTimestamp). */
  private keepTimestamp(call: RestCall<unknown>, timestamp: number | undefined): void {
    if (timestamp !== undefined && call.isOrder && call.clientOrderId !== undefined) this.orderTimestamps.set(call.clientOrderId, timestamp);
  }

  /** What a failed call's error carries; built on the failure paths only, not for every request. */
  private errorOptions(call: RestCallLabel): { brokerId: string; clientOrderId?: string } {
    return { brokerId: this.o.brokerId, clientOrderId: call.clientOrderId };
  }

  private rejectPayload(call: RestCall<unknown>, reason: string, payload: string): VenuePayloadError {
    const kind = `${call.method} ${call.path}`;
    return this.o.rejectPayload ? this.o.rejectPayload(kind, reason, payload) : new VenuePayloadError(kind, reason, undefined, { brokerId: this.o.brokerId });
  }

  /** `requestedMs` bounded by maxVenueWaitMs; a cut is logged with what the venue asked for. */
  private capVenueWait(call: RestCallLabel, status: 418 | 429, requestedMs: number): number {
    const max = this.o.maxVenueWaitMs ?? DEFAULT_MAX_VENUE_WAIT_MS;
    if (requestedMs <= max) return requestedMs;
    this.o.logger.warn('binance venue wait capped', { status, method: call.method, path: call.path, requestedMs, cappedMs: max });
    return max;
  }

  private failure(call: RestCall<unknown>, response: RestResponse, body: { code?: unknown; msg?: unknown }): BrokerError {
    const header = response.headers['retry-after']?.trim();
    const retryAfterMs = header !== undefined && RETRY_AFTER_SECONDS.test(header) && Number(header) > 0 ? Number(header) * 1000 : undefined;
    return this.refusal(call, response.status, body, retryAfterMs);
  }

  /**
   * The typed error of a venue's refusal of `call` (its status, `{code, msg}` and the wait it asked for),
   * through the one error table. A 418 bans and a 429 blocks the shared limiter (waits capped at
   * maxVenueWaitMs). REST answers and WebSocket API answers (which share these limits) both come here.
   */
  refusal(call: RestCallLabel, status: number, body: { code?: unknown; msg?: unknown }, retryAfterMs?: number): BrokerError {
    if (status === 418) {
      const until = Number(/banned until (\d{1,16})/.exec(typeof body.msg === 'string' ? body.msg : '')?.[1]);
      if (Number.isFinite(until) && until > 0) retryAfterMs = Math.max(retryAfterMs ?? 0, until - this.serverNow());
      retryAfterMs = this.capVenueWait(call, 418, retryAfterMs ?? 120_000);
      this.o.limiter.ban(retryAfterMs);
      this.o.onBan?.(this.o.clock.now() + retryAfterMs);
    } else if (status === 429) {
      retryAfterMs = this.capVenueWait(call, 429, retryAfterMs ?? 1_000);
      this.o.limiter.block(retryAfterMs);
    }
    const failure: BinanceFailure = {
      status,
      code: typeof body.code === 'number' ? body.code : undefined,
      msg: typeof body.msg === 'string' ? body.msg : undefined,
      retryAfterMs,
    };
    this.o.logger.debug('binance error answer', { method: call.method, path: call.path, status: failure.status, venueCode: failure.code });
    return mapBinanceError(failure, this.errorOptions(call));
  }
}

/** Binance's error body `{code, msg}` (a negative code), whatever the HTTP status it came with. */
function isErrorBody(body: unknown): body is { code: number; msg: string } {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'number' && (body as { code: number }).code < 0 && typeof (body as { msg?: unknown }).msg === 'string';
}

/** The `{code, msg}` of an error answer, or nothing (a proxy's HTML error page is classified by its status alone). */
function readErrorBody(text: string): { code?: unknown; msg?: unknown } {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as { code?: unknown; msg?: unknown }) : {};
  } catch {
    return {};
  }
}
