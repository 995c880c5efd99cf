import { dec, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { GatewayHarness } from '../testing/gateway-harness';
import { RedisTestEnv } from '../testing/redis-test-env';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

const limitBuy = (clientOrderId: string): OrderRequest => ({
  clientOrderId, instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('40000'), timeInForce: 'GTC',
});

describe('BrokerGateway: strategies share one venue connection', () => {
  it('counts each strategy\'s commands and refuses a place beyond its budget before it is claimed or sent', async () => {
    const h = new GatewayHarness(env.prefix);
    try {
      const gateway = await h.startGateway('gateway-1', { strategyBudget: { orders: 2, windowMs: 600_000 } });
      const a = await h.remote({ config: { clientId: 'strategy-a' } });
      const b = await h.remote({ config: { clientId: 'strategy-b' } });
      expect((await a.placeOrder(limitBuy('a-1'))).status).toBe('ACCEPTED');
      expect((await a.placeOrder(limitBuy('a-2'))).status).toBe('ACCEPTED');
      await expect(a.placeOrder(limitBuy('a-3'))).rejects.toMatchObject({ code: 'RATE_LIMIT' });
      expect(await h.venue.getOrder('a-3')).toBeUndefined();
      expect(await h.journal.claimOf(h.brokerId, 'a-3')).toBeUndefined(); // nothing claimed: the id stays free
      expect((await b.placeOrder(limitBuy('b-1'))).status).toBe('ACCEPTED'); // b's share is its own

      const usage = new Map(gateway.strategyUsage().map((u) => [u.strategy, u]));
      expect(usage.get('strategy-a')).toMatchObject({ brokerId: h.brokerId, commands: { describe: 1, place: 3 }, orders: 2, refused: 1, inWindow: 2, budget: 2 });
      expect(usage.get('strategy-b')).toMatchObject({ commands: { describe: 1, place: 1 }, orders: 1, refused: 0, inWindow: 1 });
    } finally {
      await h.close();
    }
  });
});
