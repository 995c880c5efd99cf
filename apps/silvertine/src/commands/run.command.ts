import { dec, type Broker, type Instrument } from '@silvertine/core';
import { AppContext } from '../composition/app-context';
import { flag, parseArgv, stringOption } from '../cli/argv';
import { decodeSeconds } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT, UserError } from '../cli/exit-codes';
import type { CommandIo } from '../cli/command-io';
import { SmaCrossoverStrategy } from '../demo/sma-crossover.strategy';
import { SessionSummary, type SessionReport } from '../demo/session-summary';
import { marketFeedFor } from '../market-data/market-feed';
import { FAILOVER_FEED_ID, startMarketDataFailover } from '../market-data/failover-feed';
import type { RunningFailoverFeed } from '@silvertine/composition';
import { safetyStartReport } from '../composition/safety-report';

/** The demo strategy's bar length on the failover feed (it builds its bars from quotes and trades). */
const FAILOVER_BAR_MS = 1_000;

const OPTIONS = {
  duration: { type: 'string', value: '<seconds>' },
  'no-monitoring': { type: 'boolean' },
  json: { type: 'boolean' },
  serve: { type: 'boolean' },
  exit: { type: 'boolean' },
} as const;

/**
 * `silvertine run`: starts the configured brokers and monitoring; with a market feed configured (the
 * embedded default replays the paper sample) or `market_data.sources` (the failover feed), runs the demo
 * strategy on the first broker and prints a summary, open orders included. Stops cleanly on Ctrl-C, at
 * the end of the data, or after --duration seconds.
 */
export const runCommand: CommandSpec = {
  name: 'run',
  usage: ['silvertine run [--config <file>] [--env <name>] [--duration <seconds>] [--no-monitoring] [--serve | --exit] [--json]'],
  summary: 'Runs the configured brokers with monitoring; with a market_data feed, the demo strategy and a session summary.',
  details: [
    'Without --config the embedded default is used: one paper broker replaying a sample of BTCUSDT klines.',
    'At a terminal (or with --serve) the dashboard stays up after the replay until Ctrl-C; --exit ends at once.',
    'With market_data.sources the demo strategy trades on the failover feed (1 s bars from its quotes and trades) until Ctrl-C.',
    'The monitoring port comes from the config (SILVERTINE_METRICS_PORT in the default one).',
  ],
  run: (args, io) => run(args, io),
};

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgv(args, OPTIONS);
  refuseExtraArguments(runCommand, parsed.positionals, 0);
  const durationText = stringOption(parsed, 'duration');
  const duration = durationText === undefined ? undefined : decodeSeconds(durationText, '--duration');
  const values = { json: flag(parsed, 'json'), serve: flag(parsed, 'serve'), exit: flag(parsed, 'exit') };
  if (values.serve && values.exit) throw new UserError('--serve and --exit exclude each other', EXIT.USAGE);

  const config = await AppContext.loadConfig({ configPath: stringOption(parsed, 'config'), environment: stringOption(parsed, 'env') });
  const feed = marketFeedFor(config);
  const app = await AppContext.create({ config, monitoring: !flag(parsed, 'no-monitoring'), logger: io.logger, clock: feed?.clock });

  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = () => stopRequested();
  io.onInterrupt(onSignal);
  const timer = duration ? setTimeout(onSignal, duration * 1000) : undefined;
  let failover: RunningFailoverFeed | undefined;
  try {
    const brokers = await app.factory.createAll();
    const url = await app.startMonitoring();
    io.out(`silvertine: ${brokers.size} broker(s) connected: ${[...brokers.keys()].join(', ')}`);
    for (const line of await safetyStartReport(app, brokers)) io.out(line);
    if (url) io.out(`silvertine: dashboard ${url}/  health ${url}/health  metrics ${url}/metrics`);
    failover = startMarketDataFailover(app.config, app, brokers, io);
    if (failover) io.out(`silvertine: market data failover started (active: ${failover.feed.active ?? 'none yet'})`);
    if (!feed && !failover) {
      io.out('silvertine: no market_data feed configured; running until Ctrl-C');
      await stopped;
      return EXIT.OK;
    }
    const [name, broker] = [...brokers.entries()][0];
    const instrument = await instrumentOf(broker, app.config.marketData.symbols?.[0] ?? '');
    // On the failover, the strategy hears only its republished events (the brokers' raw ones are on the
    // bus too) and builds bars from their quotes and trades; on a replay, it takes the replay's bars.
    const input = failover ? { marketDataFrom: FAILOVER_FEED_ID, barMs: FAILOVER_BAR_MS } : {};
    const strategy = new SmaCrossoverStrategy(app.bus, { brokerId: broker.id, instrument, quantity: dec(instrument.stepSize.gt(dec('0.001')) ? instrument.stepSize : '0.01'), ...input });
    const summary = new SessionSummary(app.bus, broker.id);
    summary.start();
    strategy.start();
    let events = 0;
    app.bus.on('MarketData', (e) => {
      if (failover && e.brokerId !== FAILOVER_FEED_ID) return;
      if (++events % 100 === 0) io.progress(`silvertine: ${events} market data events, ${strategy.bars} bars, ${strategy.signals} signals`);
    }, 'progress');
    if (feed) {
      const replays = feed.start(app.bus, app.clock);
      await Promise.race([Promise.all(replays.map((r) => r.done)), stopped]);
      for (const r of replays) r.stop();
    } else {
      io.out(`silvertine: demo strategy on the failover feed (${FAILOVER_BAR_MS} ms bars of ${instrument.symbol}), orders on ${name}; running until Ctrl-C`);
      await stopped;
    }
    failover?.stop();
    strategy.stop();
    summary.stop();
    // a replay's report counts every market data event as before (its bars); the failover's, the bars built
    printReport(io, name, failover ? strategy.bars : events, await summary.report(broker), values.json);
    // A replay ends in seconds; at a terminal (or with --serve) the dashboard and endpoints stay up
    // with the session's final state until Ctrl-C. Scripts and CI (no TTY, or --exit) just finish.
    if (url && (values.serve || (io.interactive && !values.exit))) {
      io.out(`silvertine: dashboard stays up at ${url}/ — Ctrl-C to stop`);
      await stopped;
    }
    return EXIT.OK;
  } finally {
    failover?.stop();
    if (timer) clearTimeout(timer);
    io.offInterrupt(onSignal);
    await app.close();
  }
}

/** The traded instrument through the broker's InstrumentProvider port. */
async function instrumentOf(broker: Broker, symbol: string): Promise<Instrument> {
  const found = await broker.instrument(symbol);
  if (!found) throw new UserError(`broker ${broker.id} lists no instrument ${symbol} (market_data.symbols)`, EXIT.INVALID_CONFIG);
  return found;
}

function printReport(io: CommandIo, broker: string, bars: number, r: SessionReport, json: boolean): void {
  if (json) {
    io.out(JSON.stringify({ broker, bars, ...r }));
    return;
  }
  const statuses = Object.entries(r.byStatus).map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
  const fees = Object.entries(r.fees).map(([a, v]) => `${v} ${a}`).join(', ') || '0';
  io.out('');
  io.out(`session summary (${broker}, ${bars} bars)`);
  io.out(`  orders        ${r.orders} (${statuses})`);
  io.out(`  open at end   ${r.open}${r.open ? ` (${r.openOrders.join(', ')})` : ''}`);
  io.out(`  fills         ${r.fills}`);
  io.out(`  fees          ${fees}`);
  io.out(`  realized P&L  ${r.realizedPnl}`);
  io.out(`  unrealized    ${r.unrealizedPnl}`);
  io.out(`  equity        ${r.equity}`);
  const l = r.fillLatencyMs;
  io.out(`  submit→fill   p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.samples} orders, session clock)`);
}
