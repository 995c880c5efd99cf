import { generateKeyPairSync, verify } from 'node:crypto';
import { fixture } from '../../test/fixtures';
import { ed25519Signer, hmacSigner, toQueryString, wsApiPayload } from './request-signer';

interface Vectors {
  hmac: { secretKey: string; apiKey: string; vectors: Array<{ payload: string; signature: string }> };
  hmac_wsapi: { vectors: Array<{ payload: string; signature: string }> };
}
const v = fixture<Vectors>('signature-vectors');

describe('request signing (Binance documentation vectors)', () => {
  it.each(v.hmac.vectors)('REST HMAC-SHA256 of $payload', ({ payload, signature }) => {
    expect(hmacSigner(v.hmac.secretKey).sign(payload)).toBe(signature);
  });

  it.each(v.hmac_wsapi.vectors)('WebSocket API HMAC-SHA256 of $payload', ({ payload, signature }) => {
    expect(hmacSigner(v.hmac.secretKey).sign(payload)).toBe(signature);
  });

  it('builds the REST query in order with percent-encoding, as the documentation signs it', () => {
    const q = toQueryString({ symbol: '１２３４５６', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '0.1', recvWindow: 5000, timestamp: 1499827319559 });
    expect(q).toBe(v.hmac.vectors[1].payload);
  });

  it('builds the WebSocket API payload sorted by name and not encoded', () => {
    const payload = wsApiPayload({
      symbol: '１２３４５６', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1.00000000', price: '0.10000000',
      recvWindow: 5000, timestamp: 1645423376532, apiKey: v.hmac.apiKey, signature: 'ignored',
    });
    expect(payload).toBe(v.hmac_wsapi.vectors[1].payload);
  });

  it('signs with an Ed25519 key (base64, verifiable with the public key)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = ed25519Signer(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const sig = signer.sign('apiKey=k&timestamp=1');
    expect(verify(null, Buffer.from('apiKey=k&timestamp=1'), publicKey, Buffer.from(sig, 'base64'))).toBe(true);
  });
});
