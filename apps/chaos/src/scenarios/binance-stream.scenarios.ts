import type { ConnectionState } from '@silvertine/core';
import { firstValueFrom, filter, timeout } from 'rxjs';
import type { Scenario } from '../harness/scenario.types';
import { between } from '../harness/intents';
import { eventually, pause, SAFETY_NET_MS } from '../harness/wait';
import type { BinanceRig } from '../venues/binance-rig';
import { DISTANCE, MID, moveMarket, withBinance, type BinanceRun } from './binance-scenario.kit';

function stateReached(rig: BinanceRig, state: ConnectionState, ms: number): Promise<ConnectionState> {
  return firstValueFrom(rig.broker.state$.pipe(filter((s) => s === state), timeout(ms)));
}

/**
 * Places resting orders, breaks the user-data stream with `inject`, fills orders at the venue while
 * the events cannot arrive, waits for the adapter to reconnect and catch up, then trades again.
 */
async function streamOutage(run: BinanceRun, random: () => number, rounds: number, inject: (rig: BinanceRig) => void, drops: boolean): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (let k = between(random, 2, 3); k > 0; k--) await run.rig.place(run.intents.resting(MID, DISTANCE));
    const down = drops ? stateReached(run.rig, 'RECONNECTING', SAFETY_NET_MS) : undefined;
    inject(run.rig);
    run.injections++;
    moveMarket(run.rig, random); // executions while the stream is broken or garbled
    if (down) await down;
    await eventually(() => run.rig.tradable(), SAFETY_NET_MS, 'user-data stream back and reconciled');
    const after = await run.rig.place(run.intents.any(MID, DISTANCE));
    if (after.error) throw new Error(`order after recovery failed: ${after.error.code} ${after.error.message}`);
    moveMarket(run.rig, random);
  }
}

/** The user-data socket dropped mid-stream. */
export const wsDrop: Scenario = {
  name: 'binance ws drop mid-stream',
  description: 'dropWebSockets while orders rest and fill: RECONNECTING, resubscribe, fills missed while down fetched by origClientOrderId/myTrades, each once',
  fast: true,
  run: (ctx) => withBinance(ctx, 'wd', (run) => streamOutage(run, ctx.random, ctx.rounds, (rig) => rig.emulator.control.dropWebSockets(), true)),
};

/** The user-data socket silent without a FIN (emulator control). */
export const wsHalfOpen: Scenario = {
  name: 'binance ws half-open',
  description: 'halfOpenWebSockets (no events, no pongs, no FIN): the missing pong is detected, the socket replaced, missed fills recovered',
  fast: true,
  run: (ctx) => withBinance(ctx, 'ho', (run) => streamOutage(run, ctx.random, ctx.rounds, (rig) => rig.emulator.control.halfOpenWebSockets(), true)),
};

/** Half-open TCP through the FaultProxy, REST and WebSocket alike. */
export const wsProxyHalfOpen: Scenario = {
  name: 'binance proxy half-open',
  description: 'FaultProxy half-open between adapter and emulator (upstream gone, client told nothing), healed 600 ms later: REST and WS recover, nothing lost or resent',
  fast: false,
  run: (ctx) => withBinance(ctx, 'ph', (run) => streamOutage(run, ctx.random, ctx.rounds, (rig) => {
    const proxy = rig.proxy;
    if (!proxy) throw new Error('rig started without its proxy');
    proxy.halfOpen();
    setTimeout(() => proxy.heal(), 600);
  }, true), { proxy: true }),
};

/** The venue announces a shutdown of the WebSocket API. */
export const serverShutdown: Scenario = {
  name: 'binance serverShutdown',
  description: 'serverShutdown event on the WebSocket API: the adapter reconnects before the venue closes, reconciles, and trading resumes',
  fast: true,
  run: (ctx) => withBinance(ctx, 'sd', (run) => streamOutage(run, ctx.random, ctx.rounds, (rig) => rig.emulator.control.sendServerShutdown(), true)),
};

/** Non-JSON frames between real events. */
export const malformedFrame: Scenario = {
  name: 'binance malformed frame',
  description: 'sendMalformedFrame (non-JSON) on every socket between executions: ignored without dropping state; oracle agrees',
  fast: true,
  run: (ctx) => withBinance(ctx, 'mf', async (run) => {
    await streamOutage(run, ctx.random, ctx.rounds, (rig) => rig.emulator.control.sendMalformedFrame(), false);
    await pause(50);
  }),
};

/** Kill switch while the stream is down: orders are canceled as soon as the broker reconnects. */
export const killSwitchDuringOutage: Scenario = {
  name: 'binance kill switch while down',
  description: 'kill switch engaged while the user-data stream is down (deferred), swept on reconnect; then every order refused KILL_SWITCH; nothing left open at the venue',
  fast: true,
  run: (ctx) => withBinance(ctx, 'ks', async (run) => {
    for (let k = between(ctx.random, 2, 4); k > 0; k--) await run.rig.place(run.intents.resting(MID, DISTANCE));
    const down = stateReached(run.rig, 'RECONNECTING', SAFETY_NET_MS);
    run.rig.emulator.control.dropWebSockets();
    run.injections++;
    await down;
    const report = await run.rig.killSwitch.engage('chaos: operator stop during outage');
    if (!report.deferred.includes(run.rig.broker.id)) throw new Error('kill switch did not defer the disconnected broker');
    await eventually(() => run.rig.tradable(), SAFETY_NET_MS, 'reconnect and reconciliation');
    await eventually(async () => (await run.rig.reads.openOrders('BTCUSDT')).length === 0, SAFETY_NET_MS, 'every order canceled at the venue');
    const refused = await run.rig.place(run.intents.any(MID, DISTANCE));
    if (refused.error?.code !== 'KILL_SWITCH') throw new Error(`order after kill switch not refused: ${JSON.stringify(refused)}`);
    await run.rig.killSwitch.engage('chaos: repeated');
  }),
};
