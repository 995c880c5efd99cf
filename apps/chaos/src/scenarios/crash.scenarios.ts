import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dec } from '@silvertine/core';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { FaultProxy } from '@silvertine/resilience';
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { between, pick } from '../harness/intents';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../harness/secrets';
import type { Scenario, ScenarioContext, Tally } from '../harness/scenario.types';
import { eventually, SAFETY_NET_MS } from '../harness/wait';
import { AT, READY, type ChildOrders, type KillPoint } from '../crash/child-protocol';
import { TradingChildProcess } from '../crash/trading-child.process';
import { BINANCE_ENV, BINANCE_SYMBOL, BinanceRig, binanceRigYaml } from '../venues/binance-rig';
import { freshClientId, IbRig, ibRigYaml } from '../venues/ib-rig';
import type { OracleFigures } from '../oracle/oracle';
import type { JournalReplay, ReconciliationReport } from '@silvertine/resilience';

const POINTS: readonly KillPoint[] = ['journal', 'send', 'ack', 'partial'];

/** Lines of every child's log file, for the secret scan. */
export const childLogLines: string[] = [];

/** A process restarted on the crashed one's journal: the product composed again, reconciled at connect. */
interface Restarted {
  readonly intents: Set<string>;
  readonly journal: { replay(): Promise<JournalReplay> };
  readonly recorder: { watch(ids: Iterable<string>): void };
  reconcile(): Promise<ReconciliationReport>;
  verdict(note: (text: string) => void): Promise<OracleFigures>;
  close(): Promise<void>;
}

/** One venue of the SIGKILL scenario: its emulator, the child's YAML, and the market moves around the kill. */
interface CrashVenue {
  readonly brokerId: string;
  readonly symbol: string;
  /** The emulator's port (the `send` point puts a slow FaultProxy in front of it). */
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  childYaml(port: number, journalFile: string): string;
  /** Prices on the side the order rests (a limit BUY below the market, a SELL above). */
  restingPrice(side: 'BUY' | 'SELL'): string;
  quantities: readonly string[];
  /** The venue has received the order (whatever its state). */
  received(id: string): boolean;
  /** The order rests at the venue, acknowledged. */
  resting(id: string): boolean;
  /** The market trades part of the resting order. */
  tradePart(order: ChildOrders['order']): void;
  /** While the process is dead, the market trades through its order, then goes back to mid. */
  tradeThrough(order: ChildOrders['order']): void;
  restart(ctx: ScenarioContext, journalFile: string): Promise<Restarted>;
  close(): Promise<void>;
}

async function binanceVenue(): Promise<CrashVenue> {
  const emulator: BinanceEmulator = await startBinanceEmulator({
    port: 0, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, symbols: [BINANCE_SYMBOL], balances: { USDT: '10000000', BTC: '100' }, prices: { [BINANCE_SYMBOL]: '50000' },
  });
  const control = emulator.control;
  const brokerId = 'binance-crash';
  return {
    brokerId, symbol: BINANCE_SYMBOL, port: emulator.port, env: BINANCE_ENV, quantities: ['0.002', '0.004', '0.006'],
    // The child's timeouts as before: a pong late by a second on a loaded machine is not a fault here.
    childYaml: (port, journalFile) => binanceRigYaml({ port, journalFile, brokerId, config: { pingIntervalMs: 1_000, pongTimeoutMs: 3_000 } }),
    restingPrice: (side) => (side === 'BUY' ? '49500' : '50500'),
    received: (id) => control.receivedOrders(id).length > 0,
    resting: (id) => control.receivedOrders(id).some((r) => r.orderId !== undefined),
    tradePart: (order) => control.trade(BINANCE_SYMBOL, order.limitPrice ?? '50000', dec(order.quantity).div(2)),
    tradeThrough: (order) => {
      if (order.type === 'LIMIT') control.trade(BINANCE_SYMBOL, order.limitPrice ?? '50000', dec('1'));
      control.setPrice(BINANCE_SYMBOL, '50000');
    },
    restart: async (ctx, journalFile) => BinanceRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir, emulator, journalFile, brokerId }),
    close: () => emulator.close(),
  };
}

async function ibVenue(): Promise<CrashVenue> {
  const tws: TwsEmulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  tws.setPrice('AAPL', 150);
  const brokerId = 'ib-crash';
  // One client id for the child and every restart: a restarted IB process takes its predecessor's, as
  // with real TWS, whose orders belong to the client id that placed them.
  const clientId = freshClientId();
  const order = (id: string) => tws.orders().find((o) => o.orderRef === id);
  return {
    brokerId, symbol: 'AAPL', port: tws.port, env: {}, quantities: ['2', '4', '6'],
    childYaml: (port, journalFile) => ibRigYaml({ host: tws.host, port, clientId, journalFile, brokerId }),
    restingPrice: (side) => (side === 'BUY' ? '145' : '155'),
    received: (id) => order(id) !== undefined,
    resting: (id) => ['Submitted', 'PreSubmitted'].includes(order(id)?.status ?? ''),
    tradePart: (o) => {
      // Half the order's size offered at its limit, then the market back at mid.
      const half = Number(o.quantity) / 2;
      const at = o.limitPrice ?? '150';
      tws.setQuote('AAPL', o.side === 'BUY' ? { bid: '144.99', ask: at, askSize: half, bidSize: half, last: at } : { bid: at, ask: '155.01', askSize: half, bidSize: half, last: at });
      tws.setPrice('AAPL', 150);
    },
    tradeThrough: (o) => {
      if (o.type === 'LIMIT') tws.setPrice('AAPL', o.side === 'BUY' ? 140 : 160);
      tws.setPrice('AAPL', 150);
    },
    restart: async (ctx, journalFile) => IbRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir, tws, journalFile, brokerId, clientId }),
    close: () => tws.close(),
  };
}

/** The order each kill point uses (seeded sizes and sides). */
function orderFor(venue: CrashVenue, point: KillPoint, id: string, random: () => number): ChildOrders['order'] {
  const quantity = pick(random, venue.quantities);
  const side = pick(random, ['BUY', 'SELL'] as const);
  if (point === 'journal' || point === 'send') return { clientOrderId: id, side, type: 'MARKET', quantity };
  return { clientOrderId: id, side, type: 'LIMIT', quantity, limitPrice: venue.restingPrice(side) };
}

/** Drives one child to its kill point and kills it; then trades at the venue what the dead process would have seen. */
async function killAt(venue: CrashVenue, point: KillPoint, ctx: ScenarioContext, journalFile: string, id: string): Promise<number> {
  // Only the send point needs a slow path: the venue takes the order, the answer is still on its way.
  const proxy = point === 'send' ? new FaultProxy({ targetPort: venue.port }) : undefined;
  const port = proxy ? await proxy.start() : venue.port;
  const order = orderFor(venue, point, id, ctx.random);
  const logFile = join(ctx.tmpDir, `child-${id}.log`);
  const child = new TradingChildProcess({ point, yaml: venue.childYaml(port, journalFile), env: venue.env, brokerId: venue.brokerId, symbol: venue.symbol, logFile, order });
  let injections = 1;
  try {
    await child.line(READY);
    if (point === 'journal') await child.line(`${AT} journal`);
    if (point === 'send') {
      proxy?.setLatency(300);
      await eventually(() => venue.received(id), SAFETY_NET_MS, 'the venue to receive the order');
    }
    if (point === 'ack') await child.line(`${AT} ack`);
    if (point === 'partial') {
      await eventually(() => venue.resting(id), SAFETY_NET_MS, 'the order resting at the venue');
      venue.tradePart(order);
      await child.line(`${AT} partial`);
    }
    await child.kill();
    venue.tradeThrough(order);
    if (point === 'journal') {
      // A crash mid-write leaves half a record at the end of the journal.
      await appendFile(journalFile, `{"v":1,"kind":"update","brokerId":"${venue.brokerId}","order":{"request":{"clientOrd`);
      injections++;
    }
  } finally {
    await child.kill();
    await proxy?.close();
    childLogLines.push(...(await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean));
  }
  return injections;
}

/**
 * Restarts on the same journal in this process, composed as `silvertine run` composes it: the safety
 * stack opens the journal (its torn tail skipped) and reconciles with the venue at connect, restoring
 * what the journal had in flight; then one more pass, and the oracle.
 */
async function restartAndJudge(venue: CrashVenue, ctx: ScenarioContext, journalFile: string, intents: readonly string[]): Promise<Omit<Tally, 'injections'>> {
  const rig = await venue.restart(ctx, journalFile);
  try {
    const replay = await rig.journal.replay();
    for (const id of intents) rig.intents.add(id);
    rig.recorder.watch([...replay.orders.values()].map((o) => o.clientOrderId));
    const report = await rig.reconcile();
    ctx.note(`restart: journal ${replay.orders.size} orders, truncated tail ${replay.truncatedTail} (restored at connect); pass after: ${report.adopted.length} adopted, ${report.appliedFills.length} fills applied, ${report.inferredFills.length} inferred`);
    const figures = await rig.verdict((t) => ctx.note(t));
    return { ...figures, positionMismatches: figures.positionMismatches + report.positionMismatches.length, unresolved: figures.unresolved + report.conflicts.length };
  } finally {
    await rig.close();
  }
}

/** kill -9 of a trading process at each point of an order's life, restart on the same journal. */
async function sigkillRun(ctx: ScenarioContext, venue: CrashVenue): Promise<Tally> {
  const journalFile = join(ctx.tmpDir, 'crash', `${venue.brokerId}.journal`);
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
        injections += await killAt(venue, point, ctx, journalFile, id);
        const figures = await restartAndJudge(venue, ctx, journalFile, intents);
        for (const [k, v] of Object.entries(figures)) worst[k] = Math.max(worst[k] ?? 0, v);
      }
    }
  } finally {
    await venue.close();
  }
  return { injections, ...(worst as Omit<Tally, 'injections'>) };
}

/** kill -9 of a Binance trading process at each point of an order's life, restart on the same journal. */
export const sigkill: Scenario = {
  name: 'sigkill at each point',
  description: 'a child trading process (the product composed from YAML: Binance under the safety stack) is kill -9\'d after the journal write, after send, after ack, after a partial fill; restarted on the same journal and reconciled at connect',
  fast: true,
  run: async (ctx) => sigkillRun(ctx, await binanceVenue()),
};

/** The same for IB on the TWS emulator. */
export const ibSigkill: Scenario = {
  name: 'ib sigkill at each point',
  description: 'a child trading process (the product composed from YAML: IB under the safety stack) is kill -9\'d after the journal write, after send, after ack, after a partial fill; restarted on the same journal with the same client id and reconciled at connect',
  fast: true,
  run: async (ctx) => sigkillRun(ctx, await ibVenue()),
};
