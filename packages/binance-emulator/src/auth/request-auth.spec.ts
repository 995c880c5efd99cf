import { BinanceApiError } from '../errors/binance-error';
import { RequestAuthenticator, type SignedRequestParts } from './request-auth';
import { hmacSha256Hex } from './signature';

const key = { apiKey: 'k1', apiSecret: 's1' };
const now = 1_700_000_000_000;

function parts(overrides: Partial<SignedRequestParts> = {}): SignedRequestParts {
  const payload = `symbol=BTCUSDT&timestamp=${now}`;
  return { apiKey: 'k1', payload, signature: hmacSha256Hex('s1', payload), timestamp: String(now), recvWindow: undefined, ...overrides };
}

function codeOf(fn: () => unknown): { status: number; code: number; msg: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof BinanceApiError) return { status: e.status, code: e.code, msg: e.msg };
    throw e;
  }
  throw new Error('did not throw');
}

describe('RequestAuthenticator', () => {
  const auth = new RequestAuthenticator([key]);

  it('accepts a correctly signed request', () => {
    expect(auth.verify(parts(), now).apiKey).toBe('k1');
  });

  it('rejects a missing or garbled key with -2014 and an unknown key with -2015 (HTTP 401)', () => {
    expect(codeOf(() => auth.verify(parts({ apiKey: undefined }), now))).toMatchObject({ status: 401, code: -2014, msg: 'API-key format invalid.' });
    expect(codeOf(() => auth.verify(parts({ apiKey: 'bad key!' }), now)).code).toBe(-2014);
    expect(codeOf(() => auth.verify(parts({ apiKey: 'other' }), now))).toMatchObject({ status: 401, code: -2015 });
  });

  it('rejects a stale or future timestamp with -1021', () => {
    expect(codeOf(() => auth.verify(parts(), now + 5001))).toMatchObject({ status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    expect(auth.verify(parts({ recvWindow: '10000' }), now + 5001).apiKey).toBe('k1');
    expect(codeOf(() => auth.verify(parts(), now - 1001)).msg).toBe("Timestamp for this request was 1000ms ahead of the server's time.");
  });

  it('rejects a wrong signature with -1022 and a missing timestamp with -1102', () => {
    expect(codeOf(() => auth.verify(parts({ signature: 'deadbeef' }), now))).toMatchObject({ status: 400, code: -1022 });
    expect(codeOf(() => auth.verify(parts({ timestamp: undefined }), now)).code).toBe(-1102);
  });

  it('forgets a revoked key', () => {
    const local = new RequestAuthenticator([key]);
    local.revokeKey('k1');
    expect(codeOf(() => local.verify(parts(), now)).code).toBe(-2015);
  });
});
