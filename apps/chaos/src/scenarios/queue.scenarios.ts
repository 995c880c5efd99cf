import { dec } from '@silvertine/core';
import { DisconnectedOrderQueue } from '@silvertine/resilience';
import type { Scenario } from '../harness/scenario.types';
import { IntentFactory, between } from '../harness/intents';
import { eventually, SAFETY_NET_MS } from '../harness/wait';
import { AAPL, IbRig } from '../venues/ib-rig';

const MID = dec(150);
const DISTANCE = dec(5);

/**
 * Orders requested while TWS is down go to the durable DisconnectedOrderQueue (in the order journal),
 * are drained after reconnection and reconciliation, and are never sent twice: a queue rebuilt from the
 * journal after the drain is empty, and one rebuilt after a "crash" between send and dequeue treats the
 * journaled submit as sent.
 */
export const queuedWhileDown: Scenario = {
  name: 'ib orders queued while down',
  description: 'TWS restart (500 ms down): orders requested meanwhile are queued durably, drained after reconnect + reconciliation; queues rebuilt from the journal never resend',
  fast: true,
  run: async (ctx) => {
    const rig = await IbRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir });
    const intents = new IntentFactory(ctx.random, AAPL, `q${ctx.seed}`, ['1', '2', '5']);
    let injections = 0;
    const queues: DisconnectedOrderQueue[] = [];
    const queue = (): DisconnectedOrderQueue => {
      const q = new DisconnectedOrderQueue({ store: rig.journal, bus: rig.bus, timeoutMs: 30_000 });
      queues.push(q);
      return q;
    };
    try {
      const live = queue();
      for (let r = 0; r < ctx.rounds; r++) {
        for (let k = between(ctx.random, 1, 2); k > 0; k--) await rig.place(intents.resting(MID, DISTANCE));
        const down = rig.tws.restart({ downtimeMs: 500 });
        injections++;
        await eventually(() => rig.broker.state === 'RECONNECTING', SAFETY_NET_MS, 'RECONNECTING');
        const queued: string[] = [];
        for (let k = between(ctx.random, 1, 3); k > 0; k--) {
          const request = await live.enqueue(rig.broker.id, intents.any(MID, DISTANCE));
          rig.intents.add(request.clientOrderId);
          queued.push(request.clientOrderId);
        }
        await down;
        await eventually(() => rig.tradable(), SAFETY_NET_MS, 'CONNECTED and reconciled');
        await rig.reconcile();
        const drained = await live.drain(rig.broker.id, (request) => rig.broker.placeOrder(request));
        if (drained.sent.length !== queued.length) throw new Error(`drain sent ${drained.sent.length} of ${queued.length}: ${JSON.stringify(drained)}`);
        const rebuilt = queue();
        await rebuilt.restore(await rig.journal.replay());
        if (rebuilt.size !== 0) throw new Error(`a queue rebuilt after the drain holds ${rebuilt.size} order(s) again`);
      }
      // A crash between send and dequeue: the journaled submit wins, the order is not sent again.
      const request = await live.enqueue(rig.broker.id, intents.resting(MID, DISTANCE));
      rig.intents.add(request.clientOrderId);
      await rig.broker.placeOrder(request);
      injections++;
      const afterCrash = queue();
      await afterCrash.restore(await rig.journal.replay());
      if (afterCrash.size !== 0) throw new Error('a queue rebuilt after a crash between send and dequeue would resend');
      rig.tws.setPrice('AAPL', 140);
      rig.tws.setPrice('AAPL', 160);
      await rig.quiesce();
      await rig.reconcile();
      const figures = await rig.verdict((t) => ctx.note(t));
      return { injections, ...figures };
    } finally {
      for (const q of queues) q.close();
      await rig.close();
    }
  },
};
