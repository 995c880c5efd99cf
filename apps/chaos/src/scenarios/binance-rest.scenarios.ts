import type { Scenario } from '../harness/scenario.types';
import { between } from '../harness/intents';
import { pause } from '../harness/wait';
import { MID, DISTANCE, moveMarket, placeWithFaults, withBinance } from './binance-scenario.kit';

const ORDER = { match: '/api/v3/order', transport: 'rest' } as const;

/** 503 after the venue placed the order: UNKNOWN, resolved by clientOrderId, never resent. */
export const acceptThen5xx: Scenario = {
  name: 'binance 5xx after accept',
  description: 'acceptThen5xx on POST /api/v3/order: the order exists, the client gets 503 -1007; UNKNOWN is resolved by origClientOrderId, never resent',
  fast: true,
  run: (ctx) => withBinance(ctx, 'a5', async (run) => {
    for (let r = 0; r < ctx.rounds; r++) {
      await placeWithFaults(run, ctx.random, between(ctx.random, 2, 4), 0.6, () => run.rig.emulator.control.injectFault({ kind: 'acceptThen5xx', ...ORDER }));
      moveMarket(run.rig, ctx.random);
    }
  }),
};

/**
 * The cancel's answer is lost (503 after the venue canceled, or no answer at all): the broker must not
 * believe the order still works once the venue's own events and reconciliation are in.
 */
export const cancelUnknown: Scenario = {
  name: 'binance cancel 5xx/timeout',
  description: 'acceptThen5xx (venue canceled, client heard 503) or hang (cancel never processed) on DELETE /api/v3/order: the broker ends where the venue is, nothing resent',
  fast: true,
  run: (ctx) => withBinance(ctx, 'cx', async (run) => {
    for (let r = 0; r < ctx.rounds; r++) {
      const ids: string[] = [];
      for (let k = between(ctx.random, 2, 3); k > 0; k--) {
        const placed = await run.rig.place(run.intents.resting(MID, DISTANCE));
        if (placed.order) ids.push(placed.order.clientOrderId);
      }
      for (const id of ids) {
        await run.rig.quiesce();
        run.rig.emulator.control.injectFault({ kind: ctx.random() < 0.5 ? 'acceptThen5xx' : 'hang', match: '/api/v3/order', transport: 'rest' });
        run.injections++;
        await run.rig.broker.cancelOrder(id).catch(() => undefined);
      }
      moveMarket(run.rig, ctx.random); // a cancel that hung never reached the venue: that order may still fill
    }
  }, { config: { requestTimeoutMs: 300 } }),
};

/** The request never answers: the client times out; the venue never saw it, so it ends REJECTED. */
export const hangTimeout: Scenario = {
  name: 'binance timeout (hang)',
  description: 'hang on POST /api/v3/order: no answer, client timeout → UNKNOWN; the venue never processed it, -2013 ×3 → REJECTED',
  fast: false,
  run: (ctx) => withBinance(ctx, 'hg', async (run) => {
    for (let r = 0; r < ctx.rounds; r++) {
      await placeWithFaults(run, ctx.random, between(ctx.random, 1, 2), 0.5, () => run.rig.emulator.control.injectFault({ kind: 'hang', ...ORDER }));
      moveMarket(run.rig, ctx.random);
    }
    // A 1 s recvWindow: "not found" is trusted once the venue's clock passed timestamp + recvWindow, so
    // each unknown outcome settles in ~1.3 s instead of ~5 s (the soak runs a thousand of them).
  }, { config: { requestTimeoutMs: 300, recvWindowMs: 1_000 } }),
};

/**
 * The order reaches the venue after the client timed out (a slow path, still inside recvWindow). The
 * unknown outcome must not be declared "never received" while the venue can still accept it.
 */
export const lateArrival: Scenario = {
  name: 'binance timeout, late accept',
  description: 'delay 900 ms on POST /api/v3/order with a 300 ms client timeout: the venue accepts the order after the client gave up (inside recvWindow)',
  fast: true,
  run: (ctx) => withBinance(ctx, 'la', async (run) => {
    for (let r = 0; r < ctx.rounds; r++) {
      await placeWithFaults(run, ctx.random, between(ctx.random, 1, 2), 0.5, () => run.rig.emulator.control.injectFault({ kind: 'delay', delayMs: 900, ...ORDER }));
      await pause(700); // the delayed request lands at the venue
      moveMarket(run.rig, ctx.random);
    }
  }, { config: { requestTimeoutMs: 300 } }),
};

/** 429 with Retry-After: the order is refused (REJECTED, not resent), later ones wait locally. */
export const rateLimited: Scenario = {
  name: 'binance 429 Retry-After',
  description: 'rateLimit (429 -1003, Retry-After 1 s) on an order: REJECTED, nothing resent; orders inside Retry-After refused locally; after it, trading resumes',
  fast: true,
  run: (ctx) => withBinance(ctx, 'rl', async (run) => {
    for (let r = 0; r < ctx.rounds; r++) {
      run.rig.emulator.control.injectFault({ kind: 'rateLimit', retryAfterSec: 1, ...ORDER });
      run.injections++;
      const refused = await run.rig.place(run.intents.any(MID, DISTANCE));
      if (refused.error?.code !== 'RATE_LIMIT') throw new Error(`429 not surfaced as RATE_LIMIT: ${JSON.stringify(refused)}`);
      const inside = await run.rig.place(run.intents.any(MID, DISTANCE));
      // Refused before sending: by the limiter, or (a late pong on a loaded machine) while the stream reconnects.
      if (inside.error?.code !== 'RATE_LIMIT' && inside.error?.code !== 'TEMPORARY_CONNECTION') throw new Error(`order inside Retry-After was not refused locally: ${JSON.stringify(inside)}`);
      await pause(1_050);
      // On a loaded machine a late pong can make the stream reconnect here: the broker then refuses the
      // order before sending it (TEMPORARY_CONNECTION, never at the venue); trading resumes once it is back.
      let after = await run.rig.place(run.intents.any(MID, DISTANCE));
      if (after.error?.code === 'TEMPORARY_CONNECTION' && (await run.rig.quiesce(10_000))) after = await run.rig.place(run.intents.any(MID, DISTANCE));
      if (after.error) throw new Error(`order after Retry-After failed: ${after.error.code} ${after.error.message}`);
      // Trading goes on between limit hits: two more orders keep the failure ratio the orders circuit
      // sees under its error-rate threshold however many rounds run (a soak runs many).
      for (let k = 0; k < 2; k++) await run.rig.place(run.intents.any(MID, DISTANCE));
      moveMarket(run.rig, ctx.random);
    }
  }),
};

/** 418: the orders circuit opens; later orders are refused CIRCUIT_OPEN before journal and send. */
export const banned: Scenario = {
  name: 'binance 418 ban',
  description: 'ban (418) on an order: circuit breaker opens; every later order refused with CIRCUIT_OPEN, none reaches the venue',
  fast: true,
  run: (ctx) => withBinance(ctx, 'bn', async (run) => {
    await run.rig.place(run.intents.any(MID, DISTANCE));
    run.rig.emulator.control.injectFault({ kind: 'ban', retryAfterSec: 60, ...ORDER });
    run.injections++;
    await run.rig.place(run.intents.any(MID, DISTANCE));
    const breaker = run.rig.circuits.breaker(run.rig.broker.id, 'orders');
    if (breaker.state !== 'OPEN') throw new Error(`circuit did not open on a 418 (state ${breaker.state})`);
    const before = run.rig.emulator.control.receivedOrders().length;
    for (let k = 0; k < 2 + ctx.rounds; k++) {
      const refused = await run.rig.place(run.intents.any(MID, DISTANCE));
      if (refused.error?.code !== 'CIRCUIT_OPEN') throw new Error(`order during ban not refused CIRCUIT_OPEN: ${JSON.stringify(refused)}`);
    }
    if (run.rig.emulator.control.receivedOrders().length !== before) throw new Error('orders reached the venue while the circuit was open');
    // The ban ends (operator waited it out): reconciliation and the oracle need the venue's reads again.
    run.rig.emulator.control.resetRateLimits();
    // The adapter keeps its own 60 s ban (correctly: it cannot know the ban was lifted), so this pass
    // reads the venue through the emulator's records instead of the adapter's REST client.
    run.rig.useVenueSource('emulator');
  }),
};

/** -1021: the client's clock is behind the venue's; it re-syncs and trading goes on. */
export const clockSkew: Scenario = {
  name: 'binance -1021 clock skew',
  description: 'server clock moved ±20 s, and clockSkew (-1021) injected: the order is refused (REJECTED, never resent), time re-synced, the next order accepted',
  fast: true,
  run: (ctx) => withBinance(ctx, 'cs', async (run) => {
    const expectRefusedThenAccepted = async () => {
      const refused = await run.rig.place(run.intents.any(MID, DISTANCE));
      if (!refused.error || refused.order) throw new Error(`order under -1021 not refused: ${JSON.stringify(refused.order?.status)}`);
      const accepted = await run.rig.place(run.intents.any(MID, DISTANCE));
      if (accepted.error) throw new Error(`order after re-sync failed: ${accepted.error.code} ${accepted.error.message}`);
    };
    for (let r = 0; r < ctx.rounds; r++) {
      run.rig.emulator.control.setTimeOffset(between(ctx.random, 10_000, 30_000) * (r % 2 === 0 ? 1 : -1));
      run.injections++;
      await expectRefusedThenAccepted();
      run.rig.emulator.control.injectFault({ kind: 'clockSkew', ...ORDER });
      run.injections++;
      await expectRefusedThenAccepted();
      moveMarket(run.rig, ctx.random);
    }
  }),
};
