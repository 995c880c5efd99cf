import { dec, type Fill, type Order, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { CodecFieldError } from '../serialization/domain.codec';
import { JournalDecoder } from './journal-decoder';
import { decodeRecord, encodeRecord, type JournalRecord } from './journal-record';

const request = (id: string, instrument = testInstrument()): OrderRequest => ({
  clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('40000.01'), timeInForce: 'GTC',
  bracket: { stopLoss: { stopPrice: dec('39000') } }, tags: { price: 'not-money' },
});
const order = (id: string): Order => ({
  request: request(id), clientOrderId: id, status: 'PARTIALLY_FILLED', filledQuantity: dec('0.1'), remainingQuantity: dec('0.4'),
  averageFillPrice: dec('40000.01'), createdAt: 1, updatedAt: 2,
});
const fill = (id: string): Fill => ({
  tradeId: `t-${id}`, clientOrderId: id, symbol: 'BTCUSDT', side: 'BUY', quantity: dec('0.1'), price: dec('40000.01'),
  commission: dec('0.000000000000000001'), commissionAsset: 'USDT', liquidity: 'MAKER', timestamp: 3,
});
const text = (record: JournalRecord) => JSON.stringify(encodeRecord(record));

describe('JournalDecoder', () => {
  it('decodes what the plain decoder does, sharing repeated decimals and instruments', () => {
    const other = testInstrument({ symbol: 'ETHUSDT', baseAsset: 'ETH' });
    const records: JournalRecord[] = [
      { kind: 'submit', brokerId: 'b', at: 1, request: request('a') },
      { kind: 'submit', brokerId: 'b', at: 2, request: request('e', other) },
      { kind: 'update', brokerId: 'b', order: order('a') },
      { kind: 'fill', brokerId: 'b', fill: fill('a') },
      { kind: 'submit', brokerId: 'b', at: 3, request: request('a2') },
    ];
    const decoder = new JournalDecoder();
    const out: JournalRecord[] = [];
    for (const r of records) expect(decoder.decodeText(text(r), out)).toBe(true);
    expect(decoder.corrupt).toBe(0);
    // Same JSON as an uncached decode (so the same values, field order included).
    expect(out.map((r) => JSON.stringify(r))).toEqual(records.map((r) => JSON.stringify(decodeRecord(JSON.parse(text(r))))));
    const [a, e, , , a2] = out as Extract<JournalRecord, { kind: 'submit' }>[];
    expect(a2.request.instrument).toBe(a.request.instrument);
    expect(e.request.instrument).not.toBe(a.request.instrument);
    expect(e.request.instrument.symbol).toBe('ETHUSDT');
    expect(a2.request.limitPrice).toBe(a.request.limitPrice);
    expect(a.request.bracket!.stopLoss!.stopPrice.toString()).toBe('39000');
    expect(a.request.tags).toEqual({ price: 'not-money' });
  });

  it('counts a record that does not decode as corrupt, with an error naming its field', () => {
    const decoder = new JournalDecoder();
    const out: JournalRecord[] = [];
    const good = JSON.parse(text({ kind: 'fill', brokerId: 'b', fill: fill('a') })) as { fill: Record<string, unknown> };
    const cases: [string | undefined, string][] = [
      [JSON.stringify({ ...good, fill: { ...good.fill, price: 'twelve' } }), 'price'],
      [JSON.stringify({ ...good, fill: { ...good.fill, quantity: { nested: true } } }), 'quantity'],
      [JSON.stringify({ ...good, fill: { ...good.fill, commission: undefined } }), 'commission'],
      [JSON.stringify({ ...good, brokerId: 7 }), 'brokerId'],
      [JSON.stringify([1, 2]), 'record'],
      [undefined, 'r'],
    ];
    for (const [input, field] of cases) {
      expect(decoder.decodeText(input, out)).toBe(false);
      expect(decoder.lastError).toBeInstanceOf(CodecFieldError);
      expect((decoder.lastError as CodecFieldError).field).toBe(field);
    }
    expect(decoder.decodeText('{"v":1,"kind":"fill"', out)).toBe(false); // cut short: JSON's own error
    expect(decoder.corrupt).toBe(cases.length + 1);
    expect(out).toEqual([]);
  });
});
