import { apiErrors } from '../errors/binance-error';
import { signatureMatches } from './signature';

/** An API key the emulator accepts and the secret it signs with. */
export interface ApiCredential {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** What a signed request carries, already pulled out of the transport (REST or WebSocket API). */
export interface SignedRequestParts {
  /** X-MBX-APIKEY header (REST) or `apiKey` param (WebSocket API); undefined when absent. */
  readonly apiKey: string | undefined;
  /** Exactly what the client should have signed. */
  readonly payload: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly recvWindow: string | undefined;
}

// Binance keys are 64 alphanumerics; the emulator accepts any alphanumeric key so that short test keys
// work, but still answers -2014 for an empty or garbled one, as the venue does.
const KEY_FORMAT = /^[A-Za-z0-9_-]{1,128}$/;
const DEFAULT_RECV_WINDOW = 5000;
const MAX_RECV_WINDOW = 60000;
const MAX_AHEAD_MS = 1000;

/**
 * Holds the accepted keys and checks signed requests in Binance's order: key present and well-formed
 * (-2014), key known (-2015), timestamp present (-1102), timestamp within recvWindow and not more than
 * 1 s ahead (-1021), signature valid (-1022).
 */
export class RequestAuthenticator {
  private readonly keys = new Map<string, ApiCredential>();

  constructor(credentials: readonly ApiCredential[]) {
    for (const c of credentials) this.keys.set(c.apiKey, c);
  }

  /** Adds or replaces a key (tests rotating keys). */
  addKey(credential: ApiCredential): void {
    this.keys.set(credential.apiKey, credential);
  }

  /** Forgets a key: later requests with it get -2015. */
  revokeKey(apiKey: string): void {
    this.keys.delete(apiKey);
  }

  /** Checks only the key (for endpoints that need X-MBX-APIKEY but no signature). */
  checkKey(apiKey: string | undefined): ApiCredential {
    if (apiKey === undefined || !KEY_FORMAT.test(apiKey)) throw apiErrors.badKeyFormat();
    const credential = this.keys.get(apiKey);
    if (!credential) throw apiErrors.rejectedKey();
    return credential;
  }

  /** Verifies a signed request at `serverTime` (epoch ms); returns the credential or throws BinanceApiError. */
  verify(parts: SignedRequestParts, serverTime: number): ApiCredential {
    const credential = this.checkKey(parts.apiKey);
    if (parts.timestamp === undefined || parts.timestamp === '') throw apiErrors.mandatory('timestamp');
    if (!/^\d{1,16}$/.test(parts.timestamp)) throw apiErrors.illegalChars('timestamp');
    // Binance takes the timestamp in milliseconds or microseconds (rest-api.md "Timing security"); today's
    // epoch is 13 digits in ms and 16 in µs, so 16 digits are read as microseconds.
    const timestamp = parts.timestamp.length === 16 ? Number(parts.timestamp) / 1000 : Number(parts.timestamp);
    let recvWindow = DEFAULT_RECV_WINDOW;
    if (parts.recvWindow !== undefined) {
      if (!/^\d+(\.\d{1,3})?$/.test(parts.recvWindow)) throw apiErrors.illegalChars('recvWindow');
      recvWindow = Number(parts.recvWindow);
      if (recvWindow > MAX_RECV_WINDOW) throw apiErrors.invalidParam('recvWindow');
    }
    if (timestamp > serverTime + MAX_AHEAD_MS) throw apiErrors.timestampAhead();
    if (serverTime - timestamp > recvWindow) throw apiErrors.timestampOutside();
    if (parts.signature === undefined || parts.signature === '') throw apiErrors.mandatory('signature');
    if (!signatureMatches(credential.apiSecret, parts.payload, parts.signature)) throw apiErrors.badSignature();
    return credential;
  }
}
