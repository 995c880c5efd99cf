import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Container } from 'inversify';
import { BrokerRegistry, CORE_TOKENS, createCoreModule, type Broker, type EventBus } from '@silvertine/core';
import { BrokerFactory, CONFIG_TOKENS, createConfigModule, loadConfig, loadPlugins, type SilvertineConfig } from '@silvertine/config';
import { Monitoring } from '@silvertine/monitoring';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { E2E_YAML } from './e2e-config.fixture';

/** Credentials the Binance emulator accepts; loopback only, not secrets. */
export const EMULATOR_API_KEY = 'e2eApiKey';
export const EMULATOR_API_SECRET = 'e2eApiSecretNeverLogged';

/** Broker names of the test configuration (ids on the bus). */
export const BROKERS = ['paper', 'binance', 'ib'] as const;
export type BrokerName = (typeof BROKERS)[number];

/** One process, one container, three brokers on their venues. */
export interface E2eEnvironment {
  readonly container: Container;
  readonly config: SilvertineConfig;
  readonly bus: EventBus;
  readonly factory: BrokerFactory;
  readonly monitoring: Monitoring;
  readonly binanceVenue: BinanceEmulator;
  readonly twsVenue: TwsEmulator;
  readonly brokers: Readonly<Record<BrokerName, Broker>>;
  /** Disconnects every broker, closes monitoring, both emulators and the temporary directory. */
  close(): Promise<void>;
}

/** Options of startE2eEnvironment. */
export interface E2eOptions {
  /**
   * Called with the bus before any broker exists. The bus delivers synchronously and re-entrantly, in
   * subscription order: only a subscriber that is there before the brokers sees every event in the order
   * it was published (a later one sees a broker's reaction before the event that caused it).
   */
  readonly beforeBrokers?: (bus: EventBus) => void;
  /** Binance's recvWindow (default 5000 ms, Binance's own default). */
  readonly binanceRecvWindowMs?: number;
}

/** Starting balances of the venues (also what exact balance checks start from). */
export const INITIAL = {
  paper: { USDT: '1000000', ETH: '1000' },
  binance: { USDT: '10000000', BTC: '100' },
  ib: { USD: '100000000' },
} as const;

/**
 * Starts both emulators on port 0, writes the YAML (whose `${VAR}` references receive the emulators'
 * ports), and builds the container the way the app's composition root does: core module, monitoring's
 * BrokerMetrics bound as the metrics sink, plugins loaded into the registry, config module, factory.
 * Every broker is created (connected) through the factory.
 */
export async function startE2eEnvironment(options: E2eOptions = {}): Promise<E2eEnvironment> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    // Reverse order: brokers before the venues they talk to, so nothing reconnects into a closed port.
    for (const c of closers.reverse()) await c();
  };
  try {
    const binanceVenue = await startBinanceEmulator({
      port: 0,
      apiKey: EMULATOR_API_KEY,
      apiSecret: EMULATOR_API_SECRET,
      symbols: ['BTCUSDT'],
      balances: INITIAL.binance,
      prices: { BTCUSDT: '50000' },
      levelQty: '1000000',
      // 1,000 orders in a burst: Binance's own 50 orders / 10 s would make the concurrency test a rate-limit test.
      rateLimits: { ordersPer10s: 1_000_000, requestWeightPerMinute: 10_000_000, ordersPerDay: 10_000_000 },
    });
    closers.push(() => binanceVenue.close());
    const twsVenue = await startTwsEmulator({ port: 0, timerIntervalMs: 0, cash: INITIAL.ib });
    closers.push(() => twsVenue.close());
    twsVenue.setQuote('AAPL', { bid: '150.00', ask: '150.02', last: '150.01', bidSize: '100000000', askSize: '100000000', lastSize: '100' });

    const dir = mkdtempSync(path.join(tmpdir(), 'silvertine-e2e-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'silvertine.e2e.yaml');
    writeFileSync(file, E2E_YAML);
    const config = await loadConfig(file, {
      cwd: dir,
      dotenv: false,
      env: {
        E2E_BINANCE_URL: binanceVenue.url,
        E2E_BINANCE_WS_API_URL: `${binanceVenue.wsUrl}/ws-api/v3`,
        E2E_BINANCE_API_KEY: EMULATOR_API_KEY,
        E2E_BINANCE_API_SECRET: EMULATOR_API_SECRET,
        E2E_TWS_PORT: String(twsVenue.port),
        E2E_BINANCE_RECV_WINDOW_MS: String(options.binanceRecvWindowMs ?? 5_000),
      },
    });

    const container = new Container();
    container.loadSync(createCoreModule());
    const bus = container.get<EventBus>(CORE_TOKENS.EventBus);
    options.beforeBrokers?.(bus);
    const monitoring = new Monitoring({ bus });
    closers.push(() => monitoring.close());
    await container.unbind(CORE_TOKENS.MetricsSink);
    container.bind(CORE_TOKENS.MetricsSink).toConstantValue(monitoring.metrics);
    await loadPlugins(config.plugins, container.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry), { baseDir: config.baseDir });
    container.loadSync(createConfigModule(config));
    const factory = container.get<BrokerFactory>(CONFIG_TOKENS.BrokerFactory);
    closers.push(() => factory.disconnectAll());
    const created = await factory.createAll();
    const brokers = Object.fromEntries(BROKERS.map((name) => [name, created.get(name)])) as Record<BrokerName, Broker>;
    for (const name of BROKERS) if (!brokers[name]) throw new Error(`broker ${name} was not created`);
    return { container, config, bus, factory, monitoring, binanceVenue, twsVenue, brokers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
