import { Writable } from 'node:stream';
import * as winston from 'winston';
import { InvalidOrderError } from '../errors/errors';
import { createLogger } from './logger';
import { REDACTED, redact } from './redaction';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
  return { lines, transport: new winston.transports.Stream({ stream }) };
}

describe('structured logger', () => {
  it('writes JSON with child fields (broker id, order id)', () => {
    const { lines, transport } = capture();
    createLogger({ transports: [transport] }).child({ brokerId: 'binance-1' }).info('order submitted', { clientOrderId: 'c1' });
    expect(lines[0]).toMatchObject({ level: 'info', message: 'order submitted', brokerId: 'binance-1', clientOrderId: 'c1' });
    expect(typeof lines[0].timestamp).toBe('string');
  });

  it('never lets a secret reach a transport', () => {
    const { lines, transport } = capture();
    const logger = createLogger({ transports: [transport], secrets: ['s3cr3t-value-123'] });
    logger.warn('request failed', {
      apiKey: 'AKIA-key',
      nested: { apiSecret: 'x', headers: { 'X-MBX-APIKEY': 'k' } },
      url: 'https://h/api/v3/order?symbol=BTCUSDT&signature=abcdef0123',
      note: 'contains s3cr3t-value-123 inline',
    });
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('AKIA-key');
    expect(text).not.toContain('s3cr3t-value-123');
    expect(text).not.toContain('abcdef0123');
    expect(lines[0]).toMatchObject({ apiKey: REDACTED, nested: { apiSecret: REDACTED, headers: { 'X-MBX-APIKEY': REDACTED } } });
  });

  it('redacts errors to their classified JSON', () => {
    const out = redact({ error: new InvalidOrderError('quantity', 'stepSize') }) as { error: Record<string, unknown> };
    expect(out.error).toMatchObject({ code: 'INVALID_ORDER', field: 'quantity', rule: 'stepSize' });
  });
});
