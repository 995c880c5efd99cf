import { ManualClock, dec, type OrderRequest } from '@silvertine/core';
import { testInstrument, waitFor } from '@silvertine/core/testing';
import { connectRedis } from '../redis-client';
import { GatewayHarness } from '../testing/gateway-harness';
import { RedisTestEnv } from '../testing/redis-test-env';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

const SAFETY_NET_MS = 15_000;

const limitBuy = (clientOrderId: string): OrderRequest => ({
  clientOrderId, instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('40000'), timeInForce: 'GTC',
});

describe('GatewayLease and failover', () => {
  it('issues increasing tokens, renews only its own lease, and lets a standby in once it is released', async () => {
    const h = new GatewayHarness(env.prefix);
    try {
      const a = await h.lease('a');
      const b = await h.lease('b');
      const first = await a.tryAcquire();
      expect(first).toBeGreaterThan(0);
      expect(await b.tryAcquire()).toBeUndefined();
      expect(await a.renew()).toBe(true);
      await a.release();
      expect(a.token).toBeUndefined();
      const second = await b.tryAcquire();
      expect(second).toBeGreaterThan(first!);
      expect(await a.renew()).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('a fenced former leader sends nothing; the new leader takes its unacknowledged command and sends it once', async () => {
    const a = new GatewayHarness(env.prefix);
    const b = new GatewayHarness(a.prefix, a.brokerId, true);
    try {
      // A's clock is frozen (a long pause): its lease never looks expired to it, and it never renews.
      const leaseA = await a.lease('gateway-1', { clock: new ManualClock(Date.now()), ttlMs: 60_000 });
      const gatewayA = await a.startGateway('gateway-1', { lease: leaseA });
      expect(gatewayA.role).toBe('leader');
      const remote = await a.remote({ config: { requestTimeoutMs: SAFETY_NET_MS } });
      expect((await remote.placeOrder(limitBuy('lead-1'))).status).toBe('ACCEPTED');

      // Its lease expires in Redis (deleted here rather than waited for) and B takes it: token 2.
      const admin = a.client();
      await connectRedis(admin);
      await admin.del(`${a.prefix}gw:lease`);
      const leaseB = await b.lease('gateway-2');
      expect(await leaseB.tryAcquire()).toBe((leaseA.token ?? 0) + 1);

      // Only A reads commands so far: it gets the next place, and its claim is refused by the token.
      const fenced = waitFor(gatewayA.role$, (r) => r === 'fenced', SAFETY_NET_MS, 'A fenced');
      const placing = remote.placeOrder(limitBuy('lead-2'));
      await fenced;
      expect(await a.venue.getOrder('lead-2')).toBeUndefined();

      // B serves: it takes over the command A read and never acknowledged, and sends it.
      const gatewayB = await b.startGateway('gateway-2', { lease: leaseB });
      expect(gatewayB.role).toBe('leader');
      expect(await placing).toMatchObject({ clientOrderId: 'lead-2', status: 'ACCEPTED' });
      expect(await b.venue.getOrder('lead-2')).toBeDefined();
      expect(await a.venue.getOrder('lead-2')).toBeUndefined();
      const journal = (await admin.xRange(`${a.prefix}journal`, '-', '+')) ?? [];
      expect(journal.filter((e) => String(e.message.r).includes('"clientOrderId":"lead-2"'))).toHaveLength(1);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('a standby takes over when the leader dies without releasing the lease, reconciling before its first command', async () => {
    const a = new GatewayHarness(env.prefix);
    const b = new GatewayHarness(a.prefix, a.brokerId, true);
    try {
      const ttlMs = 2_000;
      await a.startGateway('gateway-1', { lease: await a.lease('gateway-1', { ttlMs }) });
      const steps: string[] = [];
      const gatewayB = await b.startGateway('gateway-2', {
        lease: await b.lease('gateway-2', { ttlMs }), leaseRetryMs: 50,
        beforeServing: async () => void steps.push(`reconciled after ${b.gateway?.served ?? 0} commands`),
      });
      // B is a standby now, unless a loaded machine delayed A's renewals past the lease: no assertion on it.
      const led = waitFor(gatewayB.role$, (r) => r === 'leader', SAFETY_NET_MS, 'B leader');
      const killedAt = Date.now();
      await a.gateway!.stop({ releaseLease: false }); // as a SIGKILL would leave it: the lease runs out by itself
      await led;
      const takeoverMs = Date.now() - killedAt;
      console.log(`takeover after the leader died: ${takeoverMs} ms (lease ${ttlMs} ms)`);
      expect(steps).toEqual(['reconciled after 0 commands']);
      const remote = await b.remote();
      expect((await remote.placeOrder(limitBuy('after-1'))).status).toBe('ACCEPTED');
      expect(await b.venue.getOrder('after-1')).toBeDefined();
    } finally {
      await b.close();
      await a.close();
    }
  });
});
