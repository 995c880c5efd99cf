import { dec, type EventBus, type Fill, type OrderRequest, type VenueStateSource } from '@silvertine/core';
import { testInstrument, waitFor, type ReferenceBroker } from '@silvertine/core/testing';
import { connectRedis } from '../redis-client';
import { GatewayHarness } from '../testing/gateway-harness';
import { RedisTestEnv } from '../testing/redis-test-env';
import { commandStreamKey } from './gateway-protocol';
import { GatewayReconciler, type TakeoverReconciliation } from './gateway-reconciler';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

const SAFETY_NET_MS = 20_000;

const limit = (clientOrderId: string, side: 'BUY' | 'SELL', price: string): OrderRequest => ({
  clientOrderId, instrument: testInstrument(), side, type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec(price), timeInForce: 'GTC',
});

/** The venue of gateway A (its ReferenceBroker) as the standby sees it: over "REST", i.e. its reads. */
function venueOf(venue: ReferenceBroker, bus: EventBus): VenueStateSource {
  const fills: Fill[] = [];
  bus.on('Fill', (e) => void fills.push(e.fill), 'test-venue-fills');
  return {
    openOrders: () => venue.getOpenOrders(),
    recentFills: async (since) => fills.filter((f) => f.timestamp >= since),
    positions: () => venue.getPositions(),
    orderByClientId: (id) => venue.getOrder(id),
  };
}

describe('GatewayReconciler: a standby that takes the lease reconciles before it serves', () => {
  it('adopts the dead leader\'s orders, fills and unsent claims while commands wait, then answers them', async () => {
    const a = new GatewayHarness(env.prefix);
    const b = new GatewayHarness(a.prefix, a.brokerId, true);
    try {
      const ttlMs = 1_000;
      const gatewayA = await a.startGateway('gateway-1', { lease: await a.lease('gateway-1', { ttlMs }) });
      expect(gatewayA.role).toBe('leader');
      const remote = await a.remote({ config: { requestTimeoutMs: SAFETY_NET_MS * 2 } });
      a.venue.setPrice('BTCUSDT', dec(45_000));
      // Served by A, outcomes on the event stream: one resting, one filled at once.
      expect((await remote.placeOrder(limit('rest-1', 'BUY', '40000'))).status).toBe('ACCEPTED');
      const filled = waitFor(remote.orders$, (o) => o.clientOrderId === 'fill-1' && o.status === 'FILLED', SAFETY_NET_MS, 'fill-1 FILLED');
      await remote.placeOrder(limit('fill-1', 'BUY', '46000'));
      await filled;

      // A dies (lease left to expire). What it did last never reached the event stream: a place sent and
      // filled at the venue, and a place claimed but never sent.
      await gatewayA.stop({ releaseLease: false });
      const venue = venueOf(a.venue, a.gatewayBus);
      const claimOnly = limit('lost-1', 'BUY', '40000');
      await a.journal.claimSubmit(a.brokerId, limit('gap-1', 'BUY', '46000'), Date.now());
      await a.venue.placeOrder(limit('gap-1', 'BUY', '46000')); // fills at once at 45,000
      await a.journal.claimSubmit(a.brokerId, claimOnly, Date.now());

      // B stands by; its pass is held at a barrier so that commands arrive during it.
      let release: () => void = () => undefined;
      const barrier = new Promise<void>((resolve) => (release = resolve));
      let reached: () => void = () => undefined;
      const inPass = new Promise<void>((resolve) => (reached = resolve));
      const reconciler = new GatewayReconciler({ prefix: b.prefix, journal: b.journal, client: b.client() });
      let report: TakeoverReconciliation | undefined;
      const gatewayB = await b.startGateway('gateway-2', {
        lease: await b.lease('gateway-2', { ttlMs }), leaseRetryMs: 50,
        beforeServing: async () => {
          reached();
          await barrier;
          report = await reconciler.reconcile(b.venue, venue);
        },
      });
      await inPass;
      // Commands during the pass: a retry of the place that was sent, and a new place. Neither is answered
      // (nor refused) before the pass ends; both are in the command stream.
      const admin = b.client();
      await connectRedis(admin);
      const commands = commandStreamKey(b.prefix, b.brokerId);
      let last = (await admin.xRevRange(commands, '+', '-', { COUNT: 1 }))?.[0]?.id ?? '0-0';
      const retried = remote.placeOrder(limit('gap-1', 'BUY', '46000'));
      const fresh = remote.placeOrder(limit('new-1', 'BUY', '40000'));
      const deadline = Date.now() + SAFETY_NET_MS;
      for (let seen = 0; seen < 2 && Date.now() < deadline;) {
        const read = (await admin.xRead([{ key: commands, id: last }], { BLOCK: 1_000, COUNT: 10 })) as { messages: { id: string }[] }[] | null;
        for (const entry of read?.[0]?.messages ?? []) {
          last = entry.id;
          seen++;
        }
      }
      expect(gatewayB.role).toBe('standby');
      expect(gatewayB.served).toBe(0);
      expect(remote.pendingRequests).toBe(2);

      const led = waitFor(gatewayB.role$, (r) => r === 'leader', SAFETY_NET_MS, 'B leader');
      release();
      await led;
      expect(report).toMatchObject({ unsettled: 3, adoptedOpen: 1, adoptedClosed: 1, neverSent: 1, foreign: 0, fillsFromVenue: 1, fillGaps: 0 });

      // The retried place is answered with the order as the venue had it: never sent again.
      expect(await retried).toMatchObject({ clientOrderId: 'gap-1' });
      expect((await fresh).status).toBe('ACCEPTED');
      expect(await b.venue.getOrder('new-1')).toBeDefined();
      expect((await b.venue.getOrder('rest-1'))?.status).toBe('ACCEPTED');
      expect((await b.venue.getOrder('gap-1'))?.status).toBe('FILLED');
      expect((await b.venue.getOrder('lost-1'))?.status).toBe('REJECTED');
      expect(await b.journal.claimOf(b.brokerId, 'lost-1')).toBe('refused');
      // The strategy sees gap-1's fill through the new leader's event stream.
      // (Written to the event stream during the pass, so read before the reply to the retried place.)
      expect((await remote.getOrder('gap-1'))?.status).toBe('FILLED');
      expect((await remote.localPositions()).map((p) => p.quantity.toString())).toEqual(['0.02']);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
