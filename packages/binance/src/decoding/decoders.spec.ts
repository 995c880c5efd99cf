import { fixture } from '../../test/fixtures';
import { decodeBalanceUpdate, decodeOutboundAccountPosition } from './account-events.decoder';
import { decodeExecutionReport, executionReportOrderId } from './execution-report.decoder';
import type { Json } from './fields';
import { parseFrame } from './frame-size';
import { decodeListStatus } from './list-status.decoder';
import { decodeAggTrade, decodeBookTicker, decodeCombinedFrame, decodeKline, decodePartialDepth, decodeStreamTrade } from './market-frames.decoder';
import { PayloadRejection } from './payload-rejection';
import { decodeAccount } from './rest-account.decoder';
import { decodeExchangeInfo, decodeServerTime, decodeTickerPrices } from './rest-market.decoder';
import { decodeOrder, decodeOrderList, decodeOrders } from './rest-order.decoder';
import { decodeMyTrades } from './rest-trades.decoder';
import { decodeWsApiFrame } from './ws-api-frame.decoder';

const event = (name: string): Json => fixture<{ event: Json }>(name).event;
/** The rejection a decoder throws, or a failure when it accepts. */
function refusal(decode: () => unknown): PayloadRejection {
  try {
    decode();
  } catch (error) {
    if (error instanceof PayloadRejection) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('decoders accept the recorded documentation payloads, returning the same object', () => {
  it.each([
    ['executionReport', () => event('executionReport'), decodeExecutionReport],
    ['outboundAccountPosition', () => event('outboundAccountPosition'), decodeOutboundAccountPosition],
    ['balanceUpdate', () => event('balanceUpdate'), decodeBalanceUpdate],
    ['order-ack-response', () => fixture('order-ack-response'), (v: unknown) => decodeOrder(v)],
    ['order-result-response', () => fixture('order-result-response'), (v: unknown) => decodeOrder(v)],
    ['order-full-response', () => fixture('order-full-response'), (v: unknown) => decodeOrder(v)],
    ['order-query-response', () => fixture('order-query-response'), (v: unknown) => decodeOrder(v)],
    ['order-cancel-response', () => fixture('order-cancel-response'), (v: unknown) => decodeOrder(v)],
    ['openOrders', () => fixture('openOrders'), decodeOrders],
    ['orderList-oco-response', () => fixture('orderList-oco-response'), decodeOrderList],
    ['myTrades', () => fixture('myTrades'), decodeMyTrades],
    ['account', () => fixture('account'), decodeAccount],
    ['exchangeInfo', () => fixture<{ result: unknown }>('exchangeInfo.wsapi').result, decodeExchangeInfo],
    ['time', () => fixture('time'), decodeServerTime],
    ['ticker-price (as the symbols= list)', () => [fixture('ticker-price')], decodeTickerPrices],
    ['depth-partial-stream', () => fixture('depth-partial-stream'), decodePartialDepth],
    ['wsapi-error-ip-banned', () => fixture('wsapi-error-ip-banned'), decodeWsApiFrame],
    ['an executionReport envelope', () => fixture('executionReport'), decodeWsApiFrame],
    ['an eventStreamTerminated envelope', () => fixture('eventStreamTerminated'), decodeWsApiFrame],
  ] as ReadonlyArray<readonly [string, () => never, (v: never) => unknown]>)('%s', (_name, load, decode) => {
    const payload = load();
    expect(decode(payload)).toBe(payload);
  });

  it('reads a listStatus (documentation payload)', () => {
    expect(decodeListStatus(event('listStatus'))).toEqual({
      symbol: 'ETHBTC', listClientOrderId: 'F4QN4G8DlFATFlIUQ0cjdD', listOrderStatus: 'EXECUTING', clientOrderIds: ['AJYsMjErWJesZvqlJCTUgL', 'bfYPSQdLoqAJeNrOr9adzq'],
    });
  });

  // Stream payload field sets of web-socket-streams.md, written inline (not in the shared recordings, see test/fixtures/SOURCES.md).
  it('accepts the stream payloads of the documentation', () => {
    const book = { u: 400900217, s: 'BNBUSDT', b: '25.35190000', B: '31.21000000', a: '25.36520000', A: '40.66000000' };
    const trade = { e: 'trade', E: 1672515782136, s: 'BNBBTC', t: 12345, p: '0.001', q: '100', T: 1672515782136, m: true, M: true };
    const agg = { e: 'aggTrade', E: 1672515782136, s: 'BNBBTC', a: 12345, p: '0.001', q: '100', f: 100, l: 105, T: 1672515782136, m: true, M: true };
    const kline = { e: 'kline', E: 1672515782136, s: 'BNBBTC', k: { t: 1672515780000, T: 1672515839999, s: 'BNBBTC', i: '1m', f: 100, L: 200, o: '0.0010', c: '0.0020', h: '0.0025', l: '0.0015', v: '1000', n: 100, x: false, q: '1.0000', V: '500', Q: '0.500', B: '123456' } };
    expect(decodeBookTicker(book)).toBe(book);
    expect(decodeStreamTrade(trade)).toBe(trade);
    expect(decodeAggTrade(agg)).toBe(agg);
    expect(decodeKline(kline)).toBe(kline);
    const frame = { stream: 'bnbusdt@bookTicker', data: book };
    expect(decodeCombinedFrame(frame)).toBe(frame);
  });
});

describe('decoders refuse what Binance never sends, naming the field and the rule', () => {
  const report = () => ({ ...event('executionReport') });

  it.each([
    ['null', null, /\bL must be an unsigned decimal string/],
    ['"NaN"', 'NaN', /got "NaN"/],
    ['"Infinity"', 'Infinity', /\bL must be/],
    ['40 decimals', `0.${'1'.repeat(40)}`, /at most 18 decimals/],
    ['"1e400"', '1e400', /\bL must be/],
    ['"1e999999999"', '1e999999999', /\bL must be/],
    ['a number', 50000, /got 50000/],
    ['a negative price', '-1', /\bL must be/],
    ['" 1"', ' 1', /\bL must be/],
    ['"0x10"', '0x10', /\bL must be/],
  ])('an executionReport price of %s', (_name, L, message) => {
    expect(refusal(() => decodeExecutionReport({ ...report(), L })).message).toMatch(message);
  });

  it('refuses an executionReport with no fields, naming c first (whose order it is)', () => {
    expect(refusal(() => executionReportOrderId({ e: 'executionReport' }))).toMatchObject({ field: 'c' });
    expect(executionReportOrderId({ C: 'original', c: 'cancel-id' })).toBe('original');
    expect(executionReportOrderId({ C: '', c: 'mine' })).toBe('mine');
  });

  it('checks every field the mapper reads', () => {
    for (const field of ['s', 'c', 'S', 'o', 'q', 'p', 'x', 'X', 'i', 'l', 'z', 'L', 'n', 'T', 't', 'E', 'm']) {
      expect(refusal(() => decodeExecutionReport({ ...report(), [field]: undefined })).field).toBe(field);
    }
    expect(refusal(() => decodeExecutionReport({ ...report(), S: 'HOLD' })).message).toMatch(/S must be BUY or SELL/);
    expect(refusal(() => decodeExecutionReport({ ...report(), N: 5 })).field).toBe('N');
    expect(refusal(() => decodeExecutionReport({ ...report(), i: 1.5 })).field).toBe('i');
  });

  it('refuses account events that would corrupt balances', () => {
    expect(refusal(() => decodeOutboundAccountPosition({ e: 'outboundAccountPosition', E: 1, B: null })).message).toBe('B must be an array (got null)');
    expect(refusal(() => decodeOutboundAccountPosition({ e: 'outboundAccountPosition', E: 1, B: [null] })).field).toBe('B[]');
    expect(refusal(() => decodeOutboundAccountPosition({ e: 'outboundAccountPosition', E: 1, B: [{ a: 'BTC', f: '-1', l: '0' }] })).field).toBe('B[].f');
    expect(refusal(() => decodeBalanceUpdate({ ...event('balanceUpdate'), d: null })).message).toMatch(/^d must be a decimal string/);
    expect(decodeBalanceUpdate({ ...event('balanceUpdate'), d: '-0.5' }).d).toBe('-0.5');
    expect(refusal(() => decodeAccount({ balances: [{ asset: 'BTC', free: '1', locked: '-0.1' }] })).field).toBe('balances[].locked');
  });

  it('refuses an order answer without an order id, and frames that are not objects', () => {
    const { orderId: _dropped, ...ack } = fixture<Record<string, unknown>>('order-ack-response');
    expect(refusal(() => decodeOrder(ack)).message).toBe('orderId must be an integer (got undefined)');
    for (const frame of [null, [], 'x', 5, true]) expect(refusal(() => decodeWsApiFrame(frame)).field).toBe('frame');
    expect(refusal(() => decodeWsApiFrame({ subscriptionId: 0, event: null })).field).toBe('event');
    expect(refusal(() => decodeWsApiFrame({ subscriptionId: 0, event: {} })).field).toBe('event.e');
    expect(refusal(() => decodeWsApiFrame({ id: '1', status: '200' })).field).toBe('status');
  });

  it('refuses frames too large or not JSON before parsing them', () => {
    expect(refusal(() => parseFrame('x'.repeat((1 << 20) + 1))).message).toMatch(/frame must be at most 1048576 characters/);
    expect(refusal(() => parseFrame('{"e":')).message).toBe('frame must be JSON');
    expect(parseFrame('null')).toBeNull();
  });

  it('keeps rejection messages short whatever the value', () => {
    expect(refusal(() => decodeExecutionReport({ ...report(), L: 'y'.repeat(1_000_000) })).message.length).toBeLessThan(120);
  });
});

describe('WebSocket API answers: rateLimits and error.data are checked like every other field', () => {
  it.each([
    [{ id: 1, status: 200, result: {}, rateLimits: {} }, 'rateLimits must be an array'],
    [{ id: 1, status: 200, result: {}, rateLimits: [{ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, count: '7' }] }, 'rateLimits[0].count must be an integer'],
    [{ id: 1, status: 429, error: { code: -1003, msg: 'x', data: { retryAfter: 'soon' } } }, 'error.data.retryAfter must be an integer'],
  ])('%j is refused: %s', (frame, reason) => {
    expect(refusal(() => decodeWsApiFrame(frame)).message).toContain(reason);
  });

  it('accepts the documented answer with its rateLimits', () => {
    const frame = { id: 'e2a8', status: 200, result: {}, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 1 }] };
    expect(decodeWsApiFrame(frame)).toBe(frame);
  });
});
