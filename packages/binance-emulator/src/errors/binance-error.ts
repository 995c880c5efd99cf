/**
 * Binance error bodies and HTTP statuses, as the Spot API documents them (errors.md).
 *
 * Why a table: clients map on `code` and sometimes on `msg` (ccxt matches message substrings), so the
 * texts are copied verbatim from the documentation rather than paraphrased.
 */

/** The JSON body Binance sends on every error: `{"code":-1121,"msg":"Invalid symbol."}`. */
export interface BinanceErrorBody {
  readonly code: number;
  readonly msg: string;
}

/** Documented default messages, keyed by code (first message of each entry in errors.md). */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  [-1000]: 'An unknown error occurred while processing the request.',
  [-1001]: 'Internal error; unable to process your request. Please try again.',
  [-1002]: 'You are not authorized to execute this request.',
  [-1003]: 'Too many requests queued.',
  [-1006]: 'An unexpected response was received from the message bus. Execution status unknown.',
  [-1007]: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  [-1008]: 'Server is currently overloaded with other requests. Please try again in a few minutes.',
  [-1013]: "The request is rejected by the API. (i.e. The request didn't reach the Matching Engine.)",
  [-1014]: 'Unsupported order combination.',
  [-1015]: 'Too many new orders.',
  [-1016]: 'This service is no longer available.',
  [-1020]: 'This operation is not supported.',
  [-1021]: 'Timestamp for this request is outside of the recvWindow.',
  [-1022]: 'Signature for this request is not valid.',
  [-1100]: 'Illegal characters found in a parameter.',
  [-1101]: 'Too many parameters sent for this endpoint.',
  [-1102]: 'A mandatory parameter was not sent, was empty/null, or malformed.',
  [-1103]: 'An unknown parameter was sent.',
  [-1104]: 'Not all sent parameters were read.',
  [-1105]: 'A parameter was empty.',
  [-1106]: 'A parameter was sent when not required.',
  [-1111]: "Parameter '%s' has too much precision.",
  [-1112]: 'No orders on book for symbol.',
  [-1114]: 'TimeInForce parameter sent when not required.',
  [-1115]: 'Invalid timeInForce.',
  [-1116]: 'Invalid orderType.',
  [-1117]: 'Invalid side.',
  [-1118]: 'New client order ID was empty.',
  [-1119]: 'Original client order ID was empty.',
  [-1121]: 'Invalid symbol.',
  [-1130]: 'Invalid data sent for a parameter.',
  [-1135]: 'Invalid JSON Request',
  [-2010]: 'NEW_ORDER_REJECTED',
  [-2011]: 'CANCEL_REJECTED',
  [-2013]: 'Order does not exist.',
  [-2014]: 'API-key format invalid.',
  [-2015]: 'Invalid API-key, IP, or permissions for action.',
  [-2035]: 'User Data Stream subscription already active.',
  [-2036]: 'User Data Stream subscription not active.',
};

/** Messages from the "Matching engine messages" section, sent with -2010/-2011/-1013. */
export const ENGINE_MESSAGES = {
  unknownOrder: 'Unknown order sent.',
  duplicateOrder: 'Duplicate order sent.',
  marketClosed: 'Market is closed.',
  insufficientBalance: 'Account has insufficient balance for requested action.',
  unsupportedCombination: 'Unsupported order combination',
  wouldTriggerImmediately: 'Order would trigger immediately.',
  wouldMatchAndTake: 'Order would immediately match and take.',
  icebergNotSupported: 'Iceberg orders are not supported for this symbol.',
  trailingNotSupported: 'Trailing stop orders are not supported for this symbol.',
  ocoPriceRelationship: 'The relationship of the prices for the orders is not correct.',
} as const;

/**
 * An error the emulator answers with. `status` is the HTTP status Binance uses for it: 400 for request
 * errors, 401 for key problems, 403 for WAF, 429 past a limit, 418 for a ban, 5xx for its own faults.
 */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string = ERROR_MESSAGES[code] ?? ERROR_MESSAGES[-1000],
    /** Extra response headers (Retry-After on 429/418). */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra `error.data` for WebSocket API responses (retryAfter, serverTime). */
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(`${code} ${msg}`);
    this.name = 'BinanceApiError';
  }

  /** The `{code, msg}` body. */
  body(): BinanceErrorBody {
    return { code: this.code, msg: this.msg };
  }
}

/** Shorthands for the errors the emulator raises, with Binance's HTTP status for each. */
export const apiErrors = {
  /** -1013 for a filter, e.g. `filterFailure('LOT_SIZE')` → "Filter failure: LOT_SIZE". */
  filterFailure: (filter: string) => new BinanceApiError(400, -1013, `Filter failure: ${filter}`),
  invalidMessage: (msg: string) => new BinanceApiError(400, -1013, msg),
  mandatory: (param: string) =>
    new BinanceApiError(400, -1102, `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`),
  eitherMandatory: (a: string, b: string) =>
    new BinanceApiError(400, -1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  illegalChars: (param: string) => new BinanceApiError(400, -1100, `Illegal characters found in parameter '${param}'; legal range is '^[0-9]{1,20}(\\.[0-9]{1,20})?$'.`),
  invalidParam: (param: string) => new BinanceApiError(400, -1130, `Data sent for parameter '${param}' is not valid.`),
  duplicateParam: () => new BinanceApiError(400, -1101, 'Duplicate values for a parameter detected.'),
  badSymbol: () => new BinanceApiError(400, -1121),
  invalidSide: () => new BinanceApiError(400, -1117),
  invalidType: () => new BinanceApiError(400, -1116),
  invalidTif: () => new BinanceApiError(400, -1115),
  tifNotRequired: () => new BinanceApiError(400, -1106, "Parameter 'timeInForce' sent when not required."),
  paramNotRequired: (param: string) => new BinanceApiError(400, -1106, `Parameter '${param}' sent when not required.`),
  unsupportedCombination: () => new BinanceApiError(400, -1014),
  tooMuchPrecision: (param: string) => new BinanceApiError(400, -1111, `Parameter '${param}' has too much precision.`),
  timestampOutside: () => new BinanceApiError(400, -1021),
  timestampAhead: () => new BinanceApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badSignature: () => new BinanceApiError(400, -1022),
  badKeyFormat: () => new BinanceApiError(401, -2014),
  rejectedKey: () => new BinanceApiError(401, -2015),
  newOrderRejected: (msg: string) => new BinanceApiError(400, -2010, msg),
  cancelRejected: (msg: string = ENGINE_MESSAGES.unknownOrder) => new BinanceApiError(400, -2011, msg),
  noSuchOrder: () => new BinanceApiError(400, -2013),
  unknown: () => new BinanceApiError(500, -1000),
  serviceUnavailable: () => new BinanceApiError(503, -1016),
  unsupported: () => new BinanceApiError(400, -1020),
} as const;
