import { dec } from '@silvertine/core';
import { addTallies, type ScenarioContext, type Tally } from '../harness/scenario.types';
import { IntentFactory, between } from '../harness/intents';
import { BINANCE_SYMBOL, BinanceRig, type BinanceRigOptions } from '../venues/binance-rig';

/** The emulator's BTCUSDT price, and how far from it resting orders wait. */
export const MID = dec('50000');
/** Distance of resting limits from MID (BUY below, SELL above). */
export const DISTANCE = dec('500');
/** Order sizes the intents pick from. */
export const SIZES = ['0.001', '0.002', '0.003', '0.005'] as const;

/** A running Binance scenario: the rig, a seeded intent factory and an injection counter. */
export interface BinanceRun {
  readonly rig: BinanceRig;
  readonly intents: IntentFactory;
  injections: number;
  /** Figures a scenario measures beyond the venue/broker oracle (e.g. a remote strategy's view). */
  readonly extra: Record<Exclude<keyof Tally, 'injections'>, number>;
}

/**
 * Starts a rig for `ctx`, runs `body`, then the common ending: let unknown outcomes settle, reconcile
 * with the venue, and ask the oracle. Always releases the rig.
 */
export async function withBinance(ctx: ScenarioContext, tag: string, body: (run: BinanceRun) => Promise<void>, options: Partial<BinanceRigOptions> = {}): Promise<Tally> {
  const rig = await BinanceRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir, ...options });
  try {
    const run: BinanceRun = { rig, intents: new IntentFactory(ctx.random, rig.instrument, `${tag}${ctx.seed}`, SIZES), injections: 0, extra: { duplicateOrders: 0, orphanOrders: 0, lostFills: 0, duplicateFills: 0, positionMismatches: 0, unresolved: 0 } };
    await body(run);
    const figures = await settleAndJudge(rig, ctx);
    return addTallies({ injections: run.injections, ...figures }, { injections: 0, ...run.extra });
  } finally {
    await rig.close();
  }
}

/** Quiesce, reconcile, judge; notes what reconciliation had to do. */
export async function settleAndJudge(rig: BinanceRig, ctx: ScenarioContext): Promise<Omit<Tally, 'injections'>> {
  await rig.quiesce();
  const report = await rig.reconcile();
  const actions = report.adopted.length + report.closed.length + report.resolvedUnknown.length + report.appliedFills.length + report.inferredFills.length;
  if (actions) ctx.note(`reconciliation: ${report.adopted.length} adopted, ${report.resolvedUnknown.length} unknown resolved, ${report.closed.length} closed, ${report.appliedFills.length} fills applied, ${report.inferredFills.length} inferred`);
  const figures = await rig.verdict((t) => ctx.note(t));
  return { ...figures, positionMismatches: figures.positionMismatches + report.positionMismatches.length, unresolved: figures.unresolved + report.conflicts.length };
}

/** Prints trades through both sides' resting levels (partial fills), then maybe the full level. */
export function moveMarket(rig: BinanceRig, random: () => number): void {
  const control = rig.emulator.control;
  const partial = dec(SIZES[between(random, 0, 1)]);
  control.trade(BINANCE_SYMBOL, MID.minus(DISTANCE), partial);
  control.trade(BINANCE_SYMBOL, MID.plus(DISTANCE), partial);
  if (random() < 0.5) {
    control.trade(BINANCE_SYMBOL, MID.minus(DISTANCE), dec('1'));
    control.trade(BINANCE_SYMBOL, MID.plus(DISTANCE), dec('1'));
  }
  control.setPrice(BINANCE_SYMBOL, MID);
}

/** Places `count` seeded intents, injecting before each with probability `p` (always before the first). */
export async function placeWithFaults(run: BinanceRun, random: () => number, count: number, p: number, inject: () => void): Promise<void> {
  for (let k = 0; k < count; k++) {
    const faulty = k === 0 || random() < p;
    // Unknown outcomes are resolved by GET /api/v3/order: let them settle so they cannot take the fault.
    await run.rig.quiesce();
    if (faulty) {
      inject();
      run.injections++;
    }
    await run.rig.place(run.intents.any(MID, DISTANCE));
  }
}
