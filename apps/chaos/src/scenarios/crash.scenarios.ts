import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dec } from '@silvertine/core';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { FaultProxy } from '@silvertine/resilience';
import { between, pick } from '../harness/intents';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../harness/secrets';
import type { Scenario, ScenarioContext, Tally } from '../harness/scenario.types';
import { eventually, SAFETY_NET_MS } from '../harness/wait';
import { AT, READY, type ChildOrders, type KillPoint } from '../crash/child-protocol';
import { TradingChildProcess } from '../crash/trading-child.process';
import { BINANCE_SYMBOL, BinanceRig } from '../venues/binance-rig';

const BROKER_ID = 'binance-crash';
const POINTS: readonly KillPoint[] = ['journal', 'send', 'ack', 'partial'];

/** Lines of every child's log file, for the secret scan. */
export const childLogLines: string[] = [];

/** The order each kill point uses (seeded sizes and sides). */
function orderFor(point: KillPoint, id: string, random: () => number): ChildOrders['order'] {
  const quantity = pick(random, ['0.002', '0.004', '0.006']);
  const side = pick(random, ['BUY', 'SELL'] as const);
  if (point === 'journal' || point === 'send') return { clientOrderId: id, side, type: 'MARKET', quantity };
  return { clientOrderId: id, side, type: 'LIMIT', quantity, limitPrice: side === 'BUY' ? '49500' : '50500' };
}

/** Drives one child to its kill point and kills it; then fills at the venue what the dead process would have seen. */
async function killAt(point: KillPoint, ctx: ScenarioContext, emulator: BinanceEmulator, journalFile: string, id: string): Promise<number> {
  // Only the send point needs a slow path: the venue takes the order, the answer is still on its way.
  const proxy = point === 'send' ? new FaultProxy({ targetPort: emulator.port }) : undefined;
  const port = proxy ? await proxy.start() : emulator.port;
  const order = orderFor(point, id, ctx.random);
  const logFile = join(ctx.tmpDir, `child-${id}.log`);
  const child = new TradingChildProcess({
    point, restUrl: `http://127.0.0.1:${port}`, wsApiUrl: `ws://127.0.0.1:${port}/ws-api/v3`, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET,
    journalFile, logFile, brokerId: BROKER_ID, order,
  });
  let injections = 1;
  try {
    await child.line(READY);
    const control = emulator.control;
    const price = order.side === 'BUY' ? '49500' : '50500';
    if (point === 'journal') await child.line(`${AT} journal`);
    if (point === 'send') {
      proxy?.setLatency(300);
      await eventually(() => control.receivedOrders(id).length > 0, SAFETY_NET_MS, 'the venue to receive the order');
    }
    if (point === 'ack') await child.line(`${AT} ack`);
    if (point === 'partial') {
      await eventually(() => control.receivedOrders(id).some((r) => r.orderId !== undefined), SAFETY_NET_MS, 'the order resting at the venue');
      control.trade(BINANCE_SYMBOL, price, dec(order.quantity).div(2));
      await child.line(`${AT} partial`);
    }
    await child.kill();
    // While the process is dead, the market trades through its order.
    if (order.type === 'LIMIT') control.trade(BINANCE_SYMBOL, price, dec('1'));
    control.setPrice(BINANCE_SYMBOL, '50000');
    if (point === 'journal') {
      // A crash mid-write leaves half a record at the end of the journal.
      await appendFile(journalFile, '{"v":1,"kind":"update","brokerId":"binance-crash","order":{"request":{"clientOrd');
      injections++;
    }
  } finally {
    await child.kill();
    await proxy?.close();
    childLogLines.push(...(await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean));
  }
  return injections;
}

/** Restarts on the same journal in this process, reconciles with the venue, asks the oracle. */
async function restartAndJudge(ctx: ScenarioContext, emulator: BinanceEmulator, journalFile: string, intents: readonly string[]): Promise<Omit<Tally, 'injections'>> {
  const rig = await BinanceRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir, emulator, journalFile, brokerId: BROKER_ID });
  try {
    const replay = await rig.journal.replay();
    for (const id of intents) rig.intents.add(id);
    rig.recorder.watch([...replay.orders.values()].map((o) => o.clientOrderId));
    const report = await rig.reconcile(replay);
    ctx.note(`restart: ${report.restored.length} restored, ${report.adopted.length} adopted, ${report.appliedFills.length} fills applied, ${report.inferredFills.length} inferred, truncated tail ${replay.truncatedTail}`);
    const figures = await rig.verdict((t) => ctx.note(t));
    return { ...figures, positionMismatches: figures.positionMismatches + report.positionMismatches.length, unresolved: figures.unresolved + report.conflicts.length };
  } finally {
    await rig.close();
  }
}

/** kill -9 of a trading process at each point of an order's life, restart on the same journal. */
export const sigkill: Scenario = {
  name: 'sigkill at each point',
  description: 'a child trading process on a FileOrderJournal is kill -9\'d after the journal write, after send, after ack, after a partial fill; restarted on the same journal and reconciled',
  fast: true,
  run: async (ctx) => {
    const emulator = await startBinanceEmulator({
      port: 0, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, symbols: [BINANCE_SYMBOL], balances: { USDT: '10000000', BTC: '100' }, prices: { [BINANCE_SYMBOL]: '50000' },
    });
    const journalFile = join(ctx.tmpDir, 'crash.journal');
    const intents: string[] = [];
    let injections = 0;
    const worst: Record<string, number> = {};
    try {
      for (let round = 0; round < Math.max(1, ctx.rounds - 1); round++) {
        const points = round === 0 ? POINTS : [pick(ctx.random, POINTS), pick(ctx.random, POINTS)];
        for (const [i, point] of points.entries()) {
          // The point's index keeps ids unique when a round picks the same point twice (a repeated
          // clientOrderId is refused by the venue, and the kill would land on the first order's id).
          const id = `k${ctx.seed}-${round}-${i}-${point}-${between(ctx.random, 100, 999)}`;
          intents.push(id);
          injections += await killAt(point, ctx, emulator, journalFile, id);
          const figures = await restartAndJudge(ctx, emulator, journalFile, intents);
          for (const [k, v] of Object.entries(figures)) worst[k] = Math.max(worst[k] ?? 0, v);
        }
      }
    } finally {
      await emulator.close();
    }
    return { injections, ...(worst as Omit<Tally, 'injections'>) };
  },
};
