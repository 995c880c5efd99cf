import { dec } from '@silvertine/core';
import type { Scenario, ScenarioContext, Tally } from '../harness/scenario.types';
import { IntentFactory, between } from '../harness/intents';
import { eventually, SAFETY_NET_MS } from '../harness/wait';
import { AAPL, IbRig } from '../venues/ib-rig';

const MID = dec(150);
const DISTANCE = dec(5);

interface IbRun {
  readonly rig: IbRig;
  readonly intents: IntentFactory;
  injections: number;
}

/** Partial fills on both sides (2 shares at each resting level), sometimes full ones, then back to mid. */
function moveMarket(rig: IbRig, random: () => number): void {
  rig.tws.setQuote('AAPL', { bid: '144.99', ask: '145', askSize: 2, bidSize: 2, last: '145' });
  rig.tws.setQuote('AAPL', { bid: '155', ask: '155.01', askSize: 2, bidSize: 2, last: '155' });
  if (random() < 0.5) {
    rig.tws.setPrice('AAPL', 144);
    rig.tws.setPrice('AAPL', 156);
  }
  rig.tws.setPrice('AAPL', 150);
}

async function withIb(ctx: ScenarioContext, tag: string, body: (run: IbRun) => Promise<void>, options: Partial<Parameters<typeof IbRig.start>[0]> = {}): Promise<Tally> {
  const rig = await IbRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir, ...options });
  try {
    const run: IbRun = { rig, intents: new IntentFactory(ctx.random, AAPL, `${tag}${ctx.seed}`, ['1', '3', '5', '10']), injections: 0 };
    await body(run);
    await rig.quiesce();
    const report = await rig.reconcile();
    const actions = report.adopted.length + report.closed.length + report.resolvedUnknown.length + report.appliedFills.length + report.inferredFills.length;
    if (actions) ctx.note(`reconciliation: ${report.adopted.length} adopted, ${report.resolvedUnknown.length} unknown resolved, ${report.closed.length} closed, ${report.appliedFills.length} fills applied, ${report.inferredFills.length} inferred`);
    const figures = await rig.verdict((t) => ctx.note(t));
    return { injections: run.injections, ...figures, positionMismatches: figures.positionMismatches + report.positionMismatches.length, unresolved: figures.unresolved + report.conflicts.length };
  } finally {
    await rig.close();
  }
}

/** Resting orders, a fault, executions while it lasts, recovery, then trading again. */
async function outage(run: IbRun, random: () => number, rounds: number, inject: (rig: IbRig) => Promise<void>): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (let k = between(random, 2, 3); k > 0; k--) await run.rig.place(run.intents.any(MID, DISTANCE));
    await inject(run.rig);
    run.injections++;
    await eventually(() => run.rig.tradable(), SAFETY_NET_MS, 'IB back to CONNECTED and reconciled');
    const after = await run.rig.place(run.intents.any(MID, DISTANCE));
    if (after.error) throw new Error(`order after recovery failed: ${after.error.code} ${after.error.message}`);
    moveMarket(run.rig, random);
  }
}

const reconnecting = (rig: IbRig) => eventually(() => rig.broker.state === 'RECONNECTING', SAFETY_NET_MS, 'RECONNECTING');

/** TWS closes the socket; executions replayed on reconnect. */
export const ibSocketClose: Scenario = {
  name: 'ib socket close + exec replay',
  description: 'TWS drops every socket while orders rest; executions happen while away; reconnect replays the day\'s executions (deduplicated by execId)',
  fast: true,
  run: (ctx) => withIb(ctx, 'ic', (run) => outage(run, ctx.random, ctx.rounds, async (rig) => {
    rig.tws.dropConnections();
    await reconnecting(rig);
    moveMarket(rig, ctx.random);
  })),
};

/** TWS nightly restart. */
export const ibRestart: Scenario = {
  name: 'ib nightly restart',
  description: 'TWS restart (sessions forgotten, connections refused 300 ms, orders and executions kept): reconnect, reconcile, nothing resent',
  fast: false,
  run: (ctx) => withIb(ctx, 'ir', (run) => outage(run, ctx.random, ctx.rounds, async (rig) => {
    const down = rig.tws.restart({ downtimeMs: 300 });
    await reconnecting(rig);
    moveMarket(rig, ctx.random);
    const refused = await rig.place(run.intents.any(MID, DISTANCE));
    if (refused.error?.code !== 'TEMPORARY_CONNECTION') throw new Error(`order while TWS is down not refused: ${JSON.stringify(refused)}`);
    await down;
  })),
};

/** TWS system messages 1100 / 1101 / 1102. */
export const ib1100: Scenario = {
  name: 'ib 1100/1101/1102',
  description: '1100 (TWS lost IB): orders refused, socket kept; executions meanwhile; 1101 (data lost: resubscribe + reconcile) or 1102 (data kept) resumes',
  fast: true,
  run: (ctx) => withIb(ctx, 'i1', (run) => outage(run, ctx.random, ctx.rounds, async (rig) => {
    rig.tws.sendSystemMessage(1100);
    await reconnecting(rig);
    const refused = await rig.place(run.intents.any(MID, DISTANCE));
    if (refused.error?.code !== 'TEMPORARY_CONNECTION') throw new Error(`order during 1100 not refused: ${JSON.stringify(refused)}`);
    moveMarket(rig, ctx.random);
    rig.tws.sendSystemMessage(ctx.random() < 0.5 ? 1101 : 1102);
    run.injections++;
  })),
};

/** Half-open TCP between the broker and TWS. */
export const ibProxyHalfOpen: Scenario = {
  name: 'ib proxy half-open',
  description: 'FaultProxy half-open between the broker and TWS (no FIN, no RST, bytes vanish): the watchdog notices the silence, reconnects once healed; executions meanwhile replayed once',
  fast: false,
  run: (ctx) => withIb(ctx, 'ih', (run) => outage(run, ctx.random, ctx.rounds, async (rig) => {
    const proxy = rig.proxy;
    if (!proxy) throw new Error('rig started without its proxy');
    proxy.halfOpen();
    moveMarket(rig, ctx.random);
    await reconnecting(rig);
    proxy.heal();
    // 300 ms: a silence of 600 ms is a dead link; tighter, a loaded machine's event-loop lag alone trips it.
  }), { proxy: true, config: { watchdogIntervalMs: 300, connectTimeoutMs: 1_000 } }),
};
