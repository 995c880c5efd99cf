import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmacSha256Hex, restSigningPayload, signatureMatches, wsApiSigningPayload } from './signature';

interface Vectors {
  hmac: { secretKey: string; apiKey: string; vectors: { payload: string; signature: string }[] };
  hmac_wsapi: { vectors: { payload: string; signature: string }[] };
}
const vectors = JSON.parse(
  readFileSync(join(__dirname, '../../test/fixtures/signature-vectors.json'), 'utf8'),
) as Vectors;

describe('HMAC signatures (documentation vectors)', () => {
  it.each(vectors.hmac.vectors)('signs REST payload %#', ({ payload, signature }) => {
    expect(hmacSha256Hex(vectors.hmac.secretKey, payload)).toBe(signature);
    expect(signatureMatches(vectors.hmac.secretKey, payload, signature.toUpperCase())).toBe(true);
    expect(signatureMatches(vectors.hmac.secretKey, payload + 'x', signature)).toBe(false);
  });

  it.each(vectors.hmac_wsapi.vectors)('signs WebSocket API payload %#', ({ payload, signature }) => {
    expect(hmacSha256Hex(vectors.hmac.secretKey, payload)).toBe(signature);
  });

  it('rebuilds the WebSocket API payload by sorting params', () => {
    const params = {
      symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01000000', price: '52000.00',
      recvWindow: 100, timestamp: 1645423376532, apiKey: vectors.hmac.apiKey, signature: 'ignored',
    };
    expect(wsApiSigningPayload(params)).toBe(vectors.hmac_wsapi.vectors[0].payload);
  });

  it('concatenates query and body and strips the signature from either', () => {
    expect(restSigningPayload('symbol=LTCBTC&side=BUY', 'quantity=1&signature=ab')).toEqual({
      payload: 'symbol=LTCBTC&side=BUYquantity=1',
      signature: 'ab',
    });
    expect(restSigningPayload('a=1&signature=cd', '')).toEqual({ payload: 'a=1', signature: 'cd' });
    expect(restSigningPayload('a=1', '')).toEqual({ payload: 'a=1', signature: undefined });
  });
});
