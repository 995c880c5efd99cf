import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EventBus, createEvent, createSilentLogger, dec, type Decimal } from '@silvertine/core';
import { describeBrokerContract, waitFor } from '@silvertine/core/testing';
import { runCli } from '../src/cli/cli';
import { EXIT } from '../src/cli/exit-codes';
import { AppContext } from '../src/composition/app-context';
import { startGatewayService } from '../src/commands/gateway-service';
import { recordingIo } from './recording-io';

// Imported lazily, as the app does: @silvertine/redis is an optional peer of the CLI.
const redis = () => import('@silvertine/redis');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `silvertine-test:gateway:${process.pid}:${randomUUID().slice(0, 8)}:`;
const SAFETY_NET_MS = 10_000;
/** Jest's own deadline for tests that start whole gateways (plugin loading is slow on a busy machine). */
const JEST_SAFETY_NET_MS = 60_000;

// A safety net only: the first test of a suite also pays for module loading on a busy machine.
jest.setTimeout(30_000);

const dir = mkdtempSync(path.join(tmpdir(), 'silvertine-gateway-'));

/** A paper broker served by a gateway under `prefix` (no latency model: fills follow quotes at once). */
function writeConfig(prefix: string, gateway = `  gateway: { prefix: "${prefix}" }\n`): string {
  const file = path.join(dir, `${randomUUID().slice(0, 8)}.yaml`);
  writeFileSync(file, `plugins: ["@silvertine/paper"]
monitoring: { enabled: false }
resilience: { enabled: false }
brokers:
  paper:
    type: paper
    trading:
      account_type: CASH
      base_currency: USDT
      initial_balances: { USDT: "100000", BTC: "1" }
      instruments:
        - { symbol: BTCUSDT, asset_class: CRYPTO, base_asset: BTC, quote_asset: USDT, tick_size: "0.01", step_size: "0.00001", min_notional: "5", multiplier: "1" }
    latency: { model: NONE }
redis:
  url: ${REDIS_URL}
${gateway}`);
  return file;
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const { connectRedis, createRedisClient } = await redis();
  const admin = createRedisClient({ url: REDIS_URL });
  await connectRedis(admin);
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${RUN}*`, COUNT: 1000 })) keys.push(...(batch as unknown as string[]));
  if (keys.length) await admin.del(keys);
  await admin.close();
});

describeBrokerContract('RemoteBroker through the gateway composition, serving paper', async () => {
  const prefix = `${RUN}${randomUUID().slice(0, 8)}:`;
  const config = await AppContext.loadConfig({ configPath: writeConfig(prefix) });
  const app = await AppContext.create({ config, monitoring: false, logger: createSilentLogger() });
  const paper = await app.broker('paper');
  const gateway = await startGatewayService(app, { url: REDIS_URL, prefix, brokers: [paper] });
  const bus = new EventBus();
  const { RemoteBroker } = await redis();
  const broker = new RemoteBroker({ id: 'paper', bus, config: { url: REDIS_URL, prefix } });
  await broker.connect();
  const instrument = (await broker.instrument('BTCUSDT'))!;
  return {
    broker,
    bus,
    instrument,
    quantity: dec('0.01'),
    price: dec(50_000),
    // The market moves in the gateway process, where paper reads its quotes.
    setPrice: async (price: Decimal) => {
      const tick = instrument.tickSize;
      app.bus.publish(createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: 'BTCUSDT', bid: price.minus(tick), ask: price.plus(tick), bidSize: dec(10), askSize: dec(10), timestamp: Date.now() } }));
    },
    teardown: async () => {
      await gateway.stop();
      await app.close();
    },
  };
});

describe('silvertine gateway', () => {
  it('serves the configured broker until interrupted, then exits 0', async () => {
    const prefix = `${RUN}${randomUUID().slice(0, 8)}:`;
    let interrupt: () => void = () => undefined;
    let serving: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (serving = resolve));
    const io = { ...recordingIo(), onInterrupt: (h: () => void) => (interrupt = h) };
    const out = io.out;
    io.out = (line: string) => {
      out(line);
      if (line.includes('serving')) serving();
    };
    const exit = runCli(['gateway', '--config', writeConfig(prefix)], io);
    await ready;
    expect(io.lines.join('\n')).toContain(`serving paper under prefix ${prefix} as gateway-1`);

    const { RemoteBroker } = await redis();
    const remote = new RemoteBroker({ id: 'paper', config: { url: REDIS_URL, prefix } });
    await remote.connect();
    const instrument = (await remote.instrument('BTCUSDT'))!;
    const placed = await remote.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('30000') });
    expect(placed.status).toBe('ACCEPTED');
    const canceled = waitFor(remote.orders$, (o) => o.clientOrderId === placed.clientOrderId && o.status === 'CANCELED', SAFETY_NET_MS, 'CANCELED');
    await remote.cancelOrder(placed.clientOrderId);
    await canceled;
    await remote.disconnect();

    interrupt();
    expect(await exit).toBe(EXIT.OK);
  }, JEST_SAFETY_NET_MS);

  it('with lease_ms, a second instance stands by and serves once the first one stops', async () => {
    const prefix = `${RUN}${randomUUID().slice(0, 8)}:`;
    const start = (consumer: string) => {
      let interrupt: () => void = () => undefined;
      const lines: string[] = [];
      let signal: (line: string) => void = () => undefined;
      const io = { ...recordingIo(), onInterrupt: (h: () => void) => (interrupt = h), out: (line: string) => { lines.push(line); signal(line); } };
      const said = (text: string) => new Promise<void>((resolve) => {
        if (lines.some((l) => l.includes(text))) return resolve();
        const previous = signal;
        signal = (line) => { previous(line); if (line.includes(text)) resolve(); };
      });
      const config = writeConfig(prefix, `  gateway: { prefix: "${prefix}", consumer: ${consumer}, lease_ms: 1000 }\n`);
      return { exit: runCli(['gateway', '--config', config], io), said, stop: () => interrupt(), lines };
    };
    const first = start('gw-a');
    await first.said('serving paper');
    const second = start('gw-b');
    await second.said('standing by');
    expect(second.lines.join('\n')).not.toContain('serving');

    const takeover = second.said('serving paper');
    first.stop(); // a clean stop releases the lease: the standby takes it at its next attempt
    expect(await first.exit).toBe(EXIT.OK);
    await takeover;
    const { RemoteBroker } = await redis();
    const remote = new RemoteBroker({ id: 'paper', config: { url: REDIS_URL, prefix } });
    await remote.connect();
    const instrument = (await remote.instrument('BTCUSDT'))!;
    expect((await remote.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('30000') })).status).toBe('ACCEPTED');
    await remote.disconnect();
    second.stop();
    expect(await second.exit).toBe(EXIT.OK);
  }, JEST_SAFETY_NET_MS);

  it('--strategy-orders: each strategy gets its share of places; /metrics shows commands, places and refusals per strategy', async () => {
    const prefix = `${RUN}${randomUUID().slice(0, 8)}:`;
    let interrupt: () => void = () => undefined;
    let metricsUrl: (url: string) => void = () => undefined;
    const metricsAt = new Promise<string>((resolve) => (metricsUrl = resolve));
    const io = { ...recordingIo(), onInterrupt: (h: () => void) => (interrupt = h) };
    const out = io.out;
    io.out = (line: string) => {
      out(line);
      const match = /metrics (http:\/\/\S+\/metrics)/.exec(line);
      if (match) metricsUrl(match[1]);
    };
    const config = writeConfig(prefix);
    writeFileSync(config, readFileSync(config, 'utf8').replace('monitoring: { enabled: false }', 'monitoring: { enabled: true, host: 127.0.0.1, port: 0 }'));
    const exit = runCli(['gateway', '--config', config, '--strategy-orders', '1', '--strategy-window-ms', '600000'], io);
    const url = await metricsAt;

    const { RemoteBroker } = await redis();
    const remote = new RemoteBroker({ id: 'paper', config: { url: REDIS_URL, prefix, clientId: 'strategy-7' } });
    await remote.connect();
    const instrument = (await remote.instrument('BTCUSDT'))!;
    const order = { instrument, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('30000') };
    expect((await remote.placeOrder(order)).status).toBe('ACCEPTED');
    await expect(remote.placeOrder(order)).rejects.toMatchObject({ code: 'RATE_LIMIT' });
    await remote.disconnect();

    const metrics = await (await fetch(url)).text();
    expect(metrics).toContain('silvertine_gateway_strategy_orders_total{broker="paper",strategy="strategy-7"} 1');
    expect(metrics).toContain('silvertine_gateway_strategy_budget_refusals_total{broker="paper",strategy="strategy-7"} 1');
    expect(metrics).toContain('silvertine_gateway_strategy_commands_total{broker="paper",strategy="strategy-7",op="place"} 2');
    expect(metrics).toContain('silvertine_gateway_strategy_budget_orders{broker="paper",strategy="strategy-7"} 1');
    interrupt();
    expect(await exit).toBe(EXIT.OK);
  }, JEST_SAFETY_NET_MS);

  it.each([
    ['no redis.gateway section', '', EXIT.INVALID_CONFIG, /needs redis\.gateway/],
    ['an unknown broker to serve', '  gateway: { brokers: [nope] }\n', EXIT.UNKNOWN_BROKER, /redis\.gateway\.brokers names unknown broker\(s\) nope/],
    ['an invalid consumer name', '  gateway: { consumer: "a b" }\n', EXIT.INVALID_CONFIG, /redis\.gateway\.consumer: may hold letters, digits/],
  ])('refuses %s with its exit code', async (_what, section, code, message) => {
    const io = recordingIo();
    expect(await runCli(['gateway', '--config', writeConfig(`${RUN}x:`, section)], io)).toBe(code);
    expect(io.errors.join('\n')).toMatch(message);
  });
});
