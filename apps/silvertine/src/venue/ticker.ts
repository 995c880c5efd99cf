import { Decimal, NotSupportedError, VenuePayloadError, type Broker } from '@silvertine/core';

/** Best bid and ask with their sizes, and the last trade price, of one symbol, as the venue gave them. */
export interface Ticker {
  readonly symbol: string;
  readonly bid?: Decimal;
  readonly bidSize?: Decimal;
  readonly ask?: Decimal;
  readonly askSize?: Decimal;
  readonly last?: Decimal;
  /** When the venue was asked (epoch ms, wall clock). */
  readonly at: number;
  /** Where the figures came from, for the operator (`binance REST bookTicker + price`). */
  readonly source: string;
}

/** A broker that answers a ticker itself (a port an adapter may offer). */
interface TickerPort {
  ticker(symbol: string): Promise<Ticker>;
}

/** The shape of BinanceBroker's diagnostic REST client (its `restClient`), as far as a read needs it. */
interface RestReader {
  request<T>(call: { method: 'GET'; path: string; params: Record<string, string>; signed: false; weight: number; retry: true; decode(body: unknown): T }): Promise<T>;
}

/**
 * The ticker of `symbol` from the broker's venue: the broker's own `ticker()` when it offers one (IB: a
 * TWS market data snapshot), else Binance's REST `ticker/bookTicker` and `ticker/price` through its REST
 * client (rate-limited, retried and decoded like every other read). Other brokers refuse with
 * NotSupportedError.
 */
export async function readTicker(broker: Broker, symbol: string): Promise<Ticker> {
  const port = broker as Broker & Partial<TickerPort>;
  if (typeof port.ticker === 'function') return port.ticker(symbol);
  const rest = (broker as Broker & { restClient?: RestReader }).restClient;
  if (rest && typeof rest.request === 'function') return binanceTicker(rest, symbol);
  throw new NotSupportedError('ticker', `broker ${broker.id} offers no ticker (Binance and IB brokers do; a paper broker has no venue to ask: its prices come from its market_data source)`, { brokerId: broker.id });
}

async function binanceTicker(rest: RestReader, symbol: string): Promise<Ticker> {
  const at = Date.now();
  const [book, price] = await Promise.all([
    rest.request({ method: 'GET', path: '/api/v3/ticker/bookTicker', params: { symbol }, signed: false, weight: 2, retry: true, decode: (b) => decodeBookTicker(b, symbol) }),
    rest.request({ method: 'GET', path: '/api/v3/ticker/price', params: { symbol }, signed: false, weight: 2, retry: true, decode: (b) => decodePrice(b, symbol) }),
  ]);
  return { symbol, ...book, last: price, at, source: 'binance REST ticker/bookTicker + ticker/price' };
}

/** GET /api/v3/ticker/bookTicker?symbol=: bidPrice, bidQty, askPrice, askQty (decimal strings). */
function decodeBookTicker(body: unknown, symbol: string): Pick<Ticker, 'bid' | 'bidSize' | 'ask' | 'askSize'> {
  const o = objectOf(body, 'GET /api/v3/ticker/bookTicker', symbol);
  const field = (key: string) => decimalField(o, key, 'GET /api/v3/ticker/bookTicker');
  return { bid: field('bidPrice'), bidSize: field('bidQty'), ask: field('askPrice'), askSize: field('askQty') };
}

/** GET /api/v3/ticker/price?symbol=: price (a decimal string). */
function decodePrice(body: unknown, symbol: string): Decimal {
  return decimalField(objectOf(body, 'GET /api/v3/ticker/price', symbol), 'price', 'GET /api/v3/ticker/price');
}

function objectOf(body: unknown, kind: string, symbol: string): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new VenuePayloadError(kind, 'the answer is not an object');
  const o = body as Record<string, unknown>;
  if (o.symbol !== symbol) throw new VenuePayloadError(kind, `symbol is ${JSON.stringify(String(o.symbol).slice(0, 32))}, asked ${symbol}`);
  return o;
}

/** A non-negative decimal string (Binance sends "0.00000000" on an empty side of the book). */
function decimalField(o: Record<string, unknown>, key: string, kind: string): Decimal {
  const value = o[key];
  const parsed = typeof value === 'string' && value.length <= 64 ? Decimal.tryFrom(value) : undefined;
  if (!parsed || parsed.isNegative()) throw new VenuePayloadError(kind, `${key} must be a non-negative decimal string`);
  return parsed;
}
