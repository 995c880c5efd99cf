import { dec, type Order } from '@silvertine/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hmacSha256Hex } from '@silvertine/binance-emulator';
import { LogCapture } from '../harness/log-capture';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../harness/secrets';
import { BinanceRig } from '../venues/binance-rig';
import { judge, type LocalView, type VenueOrder, type VenueSnapshot } from './oracle';

const instrument = { symbol: 'BTCUSDT', assetClass: 'CRYPTO' as const, quoteAsset: 'USDT', baseAsset: 'BTC', tickSize: dec('0.01'), stepSize: dec('0.001'), multiplier: dec(1) };

function venueOrder(id: string, filled: string, open = false, trades = filled === '0' ? [] : [{ tradeId: `t-${id}`, quantity: dec(filled) }]): VenueOrder {
  return { clientOrderId: id, symbol: 'BTCUSDT', side: 'BUY', open, filled: dec(filled), trades };
}

function localOrder(id: string, filled: string, status: Order['status'] = filled === '0' ? 'ACCEPTED' : 'FILLED'): Order {
  return {
    request: { clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(1), timeInForce: 'GTC' },
    clientOrderId: id, status, filledQuantity: dec(filled), remainingQuantity: dec(1).minus(dec(filled)), createdAt: 0, updatedAt: 0,
  };
}

function snapshot(orders: VenueOrder[], received: Record<string, number> = Object.fromEntries(orders.map((o) => [o.clientOrderId, 1]))): VenueSnapshot {
  return { orders: new Map(orders.map((o) => [o.clientOrderId, o])), received: new Map(Object.entries(received)) };
}

function local(orders: Order[], fills: Record<string, number> = {}): LocalView {
  return { orders: new Map(orders.map((o) => [o.clientOrderId, o])), fillCounts: new Map(Object.entries(fills)), fillQuantities: new Map() };
}

describe('judge (the oracle)', () => {
  it('is all zeros when both sides agree', () => {
    const figures = judge({ intents: new Set(['a', 'b']), venue: snapshot([venueOrder('a', '1'), venueOrder('b', '0', true)]), local: local([localOrder('a', '1'), localOrder('b', '0')], { 't-a': 1 }) });
    expect(figures).toEqual({ duplicateOrders: 0, orphanOrders: 0, lostFills: 0, duplicateFills: 0, positionMismatches: 0, unresolved: 0 });
  });

  it('counts an intent received twice and an order no intent asked for as duplicate orders', () => {
    const figures = judge({ intents: new Set(['a']), venue: snapshot([venueOrder('a', '0'), venueOrder('x', '0')], { a: 2, x: 1 }), local: local([localOrder('a', '0', 'CANCELED'), localOrder('x', '0', 'CANCELED')]) });
    expect(figures.duplicateOrders).toBe(2);
  });

  it('counts an order live at the venue that we do not know, or believe closed, as an orphan', () => {
    const figures = judge({ intents: new Set(['a', 'b']), venue: snapshot([venueOrder('a', '0', true), venueOrder('b', '0', true)]), local: local([localOrder('b', '0', 'REJECTED')]) });
    expect(figures.orphanOrders).toBe(2);
  });

  it('counts venue executions we never applied as lost fills and the position as mismatched', () => {
    const figures = judge({ intents: new Set(['a']), venue: snapshot([venueOrder('a', '1')]), local: local([localOrder('a', '0', 'REJECTED')]) });
    expect(figures.lostFills).toBe(1);
    expect(figures.positionMismatches).toBe(1);
  });

  it('counts a tradeId applied twice, or more filled here than there, as duplicate fills', () => {
    expect(judge({ intents: new Set(['a']), venue: snapshot([venueOrder('a', '1')]), local: local([localOrder('a', '1')], { 't-a': 2 }) }).duplicateFills).toBe(1);
    expect(judge({ intents: new Set(['a']), venue: snapshot([venueOrder('a', '0.5', true)]), local: local([localOrder('a', '1')], { 't-a': 1 }) }).duplicateFills).toBe(1);
  });

  it('counts orders still UNKNOWN, or open here while closed or absent there, as unresolved', () => {
    const figures = judge({ intents: new Set(['a', 'b', 'c']), venue: snapshot([venueOrder('a', '0'), venueOrder('b', '0')]), local: local([localOrder('a', '0', 'ACCEPTED'), localOrder('b', '0', 'UNKNOWN'), localOrder('c', '0', 'UNKNOWN')]) });
    expect(figures.unresolved).toBe(3);
  });
});

describe('the oracle against a live emulator', () => {
  it('catches an order placed at the venue behind the broker\'s back (orphan, unasked-for order, lost fill, position)', async () => {
    // Its own directory: the rig's journal (replayed at connect) and kill-switch state live there.
    const tmpDir = await mkdtemp(join(tmpdir(), 'chaos-oracle-'));
    const rig = await BinanceRig.start({ logger: new LogCapture().logger, tmpDir });
    try {
      const placed = await rig.place({ clientOrderId: 'mine-1', instrument: rig.instrument, side: 'BUY', type: 'MARKET', quantity: dec('0.001') });
      expect(placed.order?.status).toBe('FILLED');
      expect(await rig.verdict()).toMatchObject({ duplicateOrders: 0, orphanOrders: 0, lostFills: 0, positionMismatches: 0 });
      const query = `symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.002&newClientOrderId=rogue-1&timestamp=${Date.now()}`;
      const res = await fetch(`${rig.emulator.url}/api/v3/order?${query}&signature=${hmacSha256Hex(BINANCE_API_SECRET, query)}`, { method: 'POST', headers: { 'X-MBX-APIKEY': BINANCE_API_KEY } });
      expect(res.status).toBe(200);
      const figures = await rig.verdict();
      expect(figures.duplicateOrders).toBe(1);
      expect(figures.orphanOrders).toBe(1);
      expect(figures.lostFills).toBeGreaterThan(0);
      expect(figures.positionMismatches).toBe(1);
    } finally {
      await rig.close();
      await rm(tmpDir, { recursive: true, force: true });
    }
  });
});
