import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { startSilvertine, type RunningSilvertine } from './cli-process';
import { binanceVenueYaml } from './support/binance-venue-yaml';
import { SAFETY_NET_MS } from './support/until';

/**
 * `silvertine run` with `market_data.sources: [venue stream, venue ticker polls]` against the Binance
 * emulator: the emulator's market streams are paused mid-run (sockets open, nothing sent) and the run
 * hands over to REST polling; once they resume, the stream takes back after hold_ms. The events the run
 * republishes name the source that delivered them (its `market data from <source>` line after each
 * hand-over), and the demo strategy trades on them, with a session summary at the end. Every wait is on
 * the process's own output; the deadlines are safety nets.
 */
// a real Node process on a loaded machine: a safety net only
jest.setTimeout(300_000);

/** The first match of `pattern` in the run's stdout; a run stuck before it is killed and its output shown. */
async function printed(run: RunningSilvertine, pattern: RegExp): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => void run.stop('SIGKILL').then((r) => reject(new Error(`no ${pattern} within ${SAFETY_NET_MS} ms: ${`${r.stdout}${r.stderr}`.slice(-4000)}`))), SAFETY_NET_MS);
  });
  try {
    await Promise.race([run.waitForOutput(pattern), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe('silvertine run: market data failover on the Binance emulator', () => {
  let emulator: BinanceEmulator;
  let dir: string;
  let ticks: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    emulator = await startBinanceEmulator({ port: 0, symbols: ['BTCUSDT'], balances: { USDT: '100000' }, prices: { BTCUSDT: '50000' } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-failover-'));
  });
  afterAll(async () => {
    if (ticks) clearInterval(ticks);
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches to ticker polls while the market streams are silent, and back once they resume', async () => {
    const config = path.join(dir, 'failover.yaml');
    writeFileSync(config, [
      ...binanceVenueYaml(emulator),
      '    trading: { symbols: [BTCUSDT] }',
      'market_data:',
      '  symbols: [BTCUSDT]',
      '  hold_ms: 1000',
      '  sources:',
      '    - { broker: venue, stale_ms: 3000 }',
      '    - { broker: venue, poll_ms: 500 }',
      '',
    ].join('\n'));
    // the venue's market moves all along: a stream that is not paused always has something to send
    let bid = 50_000;
    ticks = setInterval(() => {
      bid = bid === 50_000 ? 50_000.01 : 50_000;
      emulator.control.setQuote('BTCUSDT', { bid: bid.toFixed(2), ask: '50001' });
    }, 100);
    const run = startSilvertine(['run', '--no-monitoring', '--config', config], { stateDir: path.join(dir, 'state') });
    let ended: Awaited<ReturnType<RunningSilvertine['stop']>> | undefined;
    try {
      await printed(run, /demo strategy on the failover feed \(1000 ms bars of BTCUSDT\), orders on venue/);
      await printed(run, /market data source \S+ -> venue:stream[^\n]*\n[\s\S]*market data from venue:stream: quote BTCUSDT/);
      const paused = await fetch(`${emulator.url}/emulator/market-streams`, { method: 'POST', body: JSON.stringify({ paused: true }) });
      expect(paused.status).toBe(200);
      // stream paused: what the run republishes comes from the poll source
      await printed(run, /market data source venue:stream -> venue:poll \(source stale\)\n[\s\S]*market data from venue:poll: quote BTCUSDT/);
      const resumed = await fetch(`${emulator.url}/emulator/market-streams`, { method: 'POST', body: JSON.stringify({ paused: false }) });
      expect(resumed.status).toBe(200);
      // resumed: from the stream again, once it has held
      await printed(run, /venue:stream -> venue:poll[\s\S]*market data source venue:poll -> venue:stream \(preferred source healthy for hold_ms\)\n[\s\S]*market data from venue:stream: quote BTCUSDT/);
      ended = await run.stop('SIGINT');
      expect(ended.code).toBe(0);
      // the strategy's session on the first broker, open orders included
      expect(ended.stdout).toMatch(/session summary \(venue, \d+ bars\)\n\s+orders\s+\d+ \([^)]*\)\n\s+open at end\s+\d+/);
    } finally {
      ended ??= await run.stop('SIGINT');
      clearInterval(ticks);
      ticks = undefined;
      // the structured line a log reader sees, for every hand-over
      const switches = ended.stderr.split('\n').filter((l) => l.includes('"market data source switched"')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(switches.map((s) => `${s.from}>${s.to}`)).toEqual(expect.arrayContaining(['venue:stream>venue:poll', 'venue:poll>venue:stream']));
      expect(switches.every((s) => s.symbol === 'BTCUSDT' && typeof s.reason === 'string')).toBe(true);
    }
  });
});
