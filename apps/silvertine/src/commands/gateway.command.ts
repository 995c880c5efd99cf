import type { Broker } from '@silvertine/core';
import type { RedisGatewayConfig, SilvertineConfig } from '@silvertine/config';
import { AppContext } from '../composition/app-context';
import { flag, parseArgv, stringOption } from '../cli/argv';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT, UserError } from '../cli/exit-codes';
import type { CommandIo } from '../cli/command-io';
import { registerGatewayMetrics } from './gateway-metrics';
import { startGatewayService, type RunningGateway } from './gateway-service';

const OPTIONS = {
  'no-monitoring': { type: 'boolean' },
  'strategy-orders': { type: 'string', value: '<n>' },
  'strategy-window-ms': { type: 'string', value: '<ms>' },
} as const;

/**
 * `silvertine gateway`: owns the configured brokers (the venue connections) and serves them to strategy
 * processes over Redis Streams (RemoteBroker of @silvertine/redis), until Ctrl-C / SIGTERM.
 */
export const gatewayCommand: CommandSpec = {
  name: 'gateway',
  usage: ['silvertine gateway --config <file> [--env <name>] [--no-monitoring] [--strategy-orders <n> [--strategy-window-ms <ms>]]'],
  summary: 'Serves the configured brokers to strategy processes over Redis Streams (needs redis.gateway in the config).',
  details: [
    'The configuration needs redis.url and a redis.gateway section: prefix (default silvertine:), brokers (default every',
    'enabled broker), group (default gateway), consumer (this instance, stable across restarts; default gateway-1),',
    'lease_ms (high availability: run several instances with distinct consumers; one serves under a fenced lease).',
    'Strategies connect with RemoteBroker from @silvertine/redis, same url, prefix and broker name. See docs/SCALE-OUT.md.',
    '--strategy-orders n: each strategy (RemoteBroker client id) may place at most n orders per --strategy-window-ms (default',
    '10000) on each broker; beyond it a place is refused (RATE_LIMIT, not sent). /metrics shows commands, places and the budget per strategy.',
  ],
  run: (args, io) => run(args, io),
};

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgv(args, OPTIONS);
  refuseExtraArguments(gatewayCommand, parsed.positionals, 0);
  const config = await AppContext.loadConfig({ configPath: stringOption(parsed, 'config'), environment: stringOption(parsed, 'env') });
  const section = gatewaySection(config);
  const strategyBudget = budgetOption(parsed);
  const app = await AppContext.create({ config, monitoring: !flag(parsed, 'no-monitoring'), logger: io.logger });

  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = () => stopRequested();
  io.onInterrupt(onSignal);
  let gateway: RunningGateway | undefined;
  try {
    const brokers = await servedBrokers(app, section.gateway);
    gateway = await startGatewayService(app, { url: section.url, prefix: section.gateway.prefix ?? 'silvertine:', group: section.gateway.group, consumer: section.gateway.consumer, brokers, leaseMs: section.gateway.leaseMs, strategyBudget });
    if (app.monitoring) registerGatewayMetrics(app.monitoring.metrics.registry, () => gateway?.strategyUsage() ?? []);
    const url = await app.startMonitoring();
    if (section.gateway.leaseMs !== undefined) {
      io.out(`silvertine gateway: ${gateway.consumer} standing by for the lease under prefix ${gateway.prefix}`);
      const leads = await Promise.race([gateway.leading.then(() => true), stopped.then(() => false)]);
      if (!leads) return EXIT.OK;
    }
    io.out(`silvertine gateway: serving ${brokers.map((b) => b.id).join(', ')} under prefix ${gateway.prefix} as ${gateway.consumer}`);
    if (url) io.out(`silvertine gateway: health ${url}/health  metrics ${url}/metrics`);
    await stopped;
    return EXIT.OK;
  } finally {
    io.offInterrupt(onSignal);
    await gateway?.stop();
    await app.close();
  }
}

/** --strategy-orders / --strategy-window-ms, or undefined (no budget: places are only counted). */
function budgetOption(parsed: ReturnType<typeof parseArgv>): { orders: number; windowMs: number } | undefined {
  const orders = stringOption(parsed, 'strategy-orders');
  const windowMs = stringOption(parsed, 'strategy-window-ms');
  if (orders === undefined) {
    if (windowMs !== undefined) throw new UserError('--strategy-window-ms needs --strategy-orders', EXIT.USAGE);
    return undefined;
  }
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a positive integer, got ${text}`, EXIT.USAGE);
    return n;
  };
  return { orders: positive('strategy-orders', orders), windowMs: windowMs === undefined ? 10_000 : positive('strategy-window-ms', windowMs) };
}

/** The redis url and gateway section, or the configuration error that says what is missing. */
function gatewaySection(config: SilvertineConfig): { url: string; gateway: RedisGatewayConfig } {
  const where = config.file ?? 'the configuration';
  if (!config.redis) throw new UserError(`silvertine gateway needs a redis: section with url and gateway: in ${where}`, EXIT.INVALID_CONFIG);
  if (!config.redis.gateway) throw new UserError(`silvertine gateway needs redis.gateway in ${where} (an empty mapping serves every enabled broker)`, EXIT.INVALID_CONFIG);
  return { url: config.redis.url, gateway: config.redis.gateway };
}

/** Connects the brokers named in redis.gateway.brokers (default every enabled broker). */
async function servedBrokers(app: AppContext, gateway: RedisGatewayConfig): Promise<Broker[]> {
  const names = gateway.brokers ?? app.factory.enabledNames();
  const unknown = names.filter((n) => !app.factory.names().includes(n));
  if (unknown.length) throw new UserError(`redis.gateway.brokers names unknown broker(s) ${unknown.join(', ')}; brokers: ${app.factory.names().join(', ') || '(none)'}`, EXIT.UNKNOWN_BROKER);
  if (names.length === 0) throw new UserError('silvertine gateway has no broker to serve: enable one or list them in redis.gateway.brokers', EXIT.INVALID_CONFIG);
  const brokers: Broker[] = [];
  for (const name of names) brokers.push(await app.broker(name));
  return brokers;
}
