import {
  ConfigurationError,
  TemporaryConnectionError,
  createEvent,
  createRiskLimitCheck,
  createSilentLogger,
  isBrokerError,
  systemClock,
  type Broker,
  type BrokerRegistry,
  type ClientOrderIdGenerator,
  type Clock,
  type EventBus,
  type Logger,
  type MetricsSink,
  type OrderJournal,
  type PreTradeCheck,
} from '@silvertine/core';
import { resolveBrokers, type ResolvedBroker } from '../schema/broker-resolver';
import type { BrokerBuildInfo, BrokerLifecycle } from './broker-lifecycle';
import type { SilvertineConfig } from '../schema/silvertine-config';
import { PositionTracker } from './position-tracker';

/** What the factory builds brokers with: the shared services of one process. */
export interface BrokerFactoryDeps {
  readonly config: SilvertineConfig;
  /** Must already hold every type the configuration uses (see loadPlugins). */
  readonly registry: BrokerRegistry;
  readonly bus: EventBus;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: MetricsSink;
  readonly clientOrderIds?: ClientOrderIdGenerator;
  readonly journal?: OrderJournal;
  /** Extra checks for a broker besides its risk limits (kill switch, circuit breaker...). */
  readonly extraPreTradeChecks?: (brokerName: string) => readonly PreTradeCheck[];
  /** Hooks called around every broker's construction, connect and disconnect, in this order. */
  readonly lifecycle?: readonly BrokerLifecycle[];
}

interface Instance {
  readonly broker: Broker;
  readonly tracker: PositionTracker;
  readonly info: BrokerBuildInfo;
}

/**
 * Creates the brokers of a configuration. The constructor validates every broker section against its
 * plugin's configClass, so nothing is constructed from a configuration with an error anywhere in it.
 * Each broker gets the shared bus, clock, logger and metrics, its own id (its name in the file) and its
 * own risk-limit check; several brokers (of one type or many) live side by side.
 */
export class BrokerFactory {
  private readonly resolved: ReadonlyMap<string, ResolvedBroker>;
  /** By broker name: the instance built from that entry, connecting or connected. */
  private readonly instances = new Map<string, Promise<Instance>>();
  /** By requested name: the broker serving it (itself or a fallback). */
  private readonly active = new Map<string, Broker>();
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly deps: BrokerFactoryDeps) {
    this.resolved = resolveBrokers(deps.config, deps.registry);
    this.clock = deps.clock ?? systemClock;
    this.logger = (deps.logger ?? createSilentLogger()).child({ component: 'broker-factory' });
  }

  /** Every broker name of the configuration. */
  names(): string[] {
    return [...this.resolved.keys()];
  }

  /** Names of the brokers createAll() starts (those not `enabled: false`). */
  enabledNames(): string[] {
    return [...this.resolved.values()].filter((r) => r.spec.enabled).map((r) => r.spec.name);
  }

  /** The validated plugin config of a broker (an instance of its configClass). */
  configOf(name: string): unknown {
    return this.resolve(name).config;
  }

  /** The connected broker serving `name` (itself or its fallback), once created. */
  get(name: string): Broker | undefined {
    return this.active.get(name);
  }

  /**
   * Builds and connects the broker called `name` (AbstractBroker is `BrokerInit`-constructed with the
   * shared services and its risk-limit check). When it cannot connect, its `fallback:` brokers are
   * tried in order; the switch is published as an AlertEvent (WARNING), and failure of all of them as a
   * CRITICAL one before the error is thrown. Calling it again returns the same broker.
   */
  async createBroker(name: string): Promise<Broker> {
    const { spec } = this.resolve(name);
    const existing = this.active.get(name);
    if (existing) return existing;
    let primaryError: unknown;
    try {
      const { broker } = await this.instance(name);
      this.active.set(name, broker);
      return broker;
    } catch (error) {
      primaryError = error;
    }
    const failures = [`${name}: ${describe(primaryError)}`];
    for (const fallback of spec.fallback) {
      try {
        const { broker } = await this.instance(fallback);
        this.alert('WARNING', `broker ${name} could not connect (${describe(primaryError)}); switched to fallback ${fallback}`, name, { fallback });
        this.active.set(name, broker);
        return broker;
      } catch (error) {
        failures.push(`${fallback}: ${describe(error)}`);
      }
    }
    if (!spec.fallback.length) throw primaryError;
    this.alert('CRITICAL', `broker ${name} and its fallbacks could not connect`, name, { tried: [name, ...spec.fallback].join(',') });
    throw new TemporaryConnectionError(`broker ${name} and its fallbacks ${spec.fallback.join(', ')} could not connect: ${failures.join('; ')}`, { brokerId: name, cause: primaryError });
  }

  /**
   * Creates every enabled broker, concurrently. If any fails (after its fallbacks), the ones this call
   * connected are disconnected again and one error names every failure.
   */
  async createAll(): Promise<ReadonlyMap<string, Broker>> {
    const names = this.enabledNames();
    const results = await Promise.allSettled(names.map((name) => this.createBroker(name)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ name: names[i], error: r.reason as unknown }] : []));
    if (failed.length) {
      await this.disconnectAll();
      if (failed.length === 1) throw failed[0].error;
      throw new TemporaryConnectionError(`brokers could not connect: ${failed.map((f) => `${f.name}: ${describe(f.error)}`).join('; ')}`, { cause: failed[0].error });
    }
    return new Map(names.map((name, i) => [name, (results[i] as PromiseFulfilledResult<Broker>).value]));
  }

  /** Disconnects every broker this factory created and forgets them; errors are logged, not thrown. */
  async disconnectAll(): Promise<void> {
    const instances = [...this.instances.values()];
    this.instances.clear();
    this.active.clear();
    await Promise.all(
      instances.map(async (pending) => {
        const instance = await pending.catch(() => undefined);
        if (!instance) return;
        await this.beforeDisconnect(instance.broker, instance.info);
        instance.tracker.stop();
        await instance.broker.disconnect().catch((error: unknown) => this.logger.warn('disconnect failed', { brokerId: instance.broker.id, error: describe(error) }));
      }),
    );
  }

  private resolve(name: string): ResolvedBroker {
    const found = this.resolved.get(name);
    if (!found) throw new ConfigurationError(`unknown broker "${name}"; configured brokers: ${this.names().join(', ') || '(none)'}`);
    return found;
  }

  /** One instance per entry, shared when a broker is also another one's fallback; a failed connect is forgotten. */
  private instance(name: string): Promise<Instance> {
    let pending = this.instances.get(name);
    if (!pending) {
      pending = this.build(name);
      this.instances.set(name, pending);
      pending.catch(() => {
        if (this.instances.get(name) === pending) this.instances.delete(name);
      });
    }
    return pending;
  }

  private async build(name: string): Promise<Instance> {
    const { spec, config, registration } = this.resolve(name);
    const info: BrokerBuildInfo = { name, type: registration.type };
    const hooks = this.deps.lifecycle ?? [];
    for (const hook of hooks) await hook.beforeCreate?.(info);
    const tracker = new PositionTracker(this.deps.bus, name);
    const checks: PreTradeCheck[] = [];
    if (Object.keys(spec.riskLimits).length) checks.push(createRiskLimitCheck(spec.riskLimits, tracker.positionOf));
    checks.push(...(this.deps.extraPreTradeChecks?.(name) ?? []));
    for (const hook of hooks) checks.push(...(hook.preTradeChecks?.(info) ?? []));
    const broker = this.deps.registry.create(registration.type, {
      id: name,
      config,
      bus: this.deps.bus,
      clock: this.clock,
      logger: this.deps.logger,
      metrics: this.deps.metrics,
      clientOrderIds: this.deps.clientOrderIds,
      journal: hooks.reduce<OrderJournal | undefined>((chosen, hook) => chosen ?? hook.orderJournal?.(info), undefined) ?? this.deps.journal,
      preTradeChecks: checks,
    });
    try {
      await broker.connect();
      await tracker.start(broker);
      for (const hook of hooks) await hook.afterConnect?.(broker, info);
    } catch (error) {
      await this.beforeDisconnect(broker, info);
      tracker.stop();
      // release whatever the failed attempt opened; its own error is the one worth reporting
      await broker.disconnect().catch(() => undefined);
      this.logger.warn('broker could not connect', { brokerId: name, error: describe(error) });
      throw error;
    }
    this.logger.info('broker connected', { brokerId: name, type: registration.type });
    return { broker, tracker, info };
  }

  /** Runs every hook's beforeDisconnect; a failing hook is logged and the others still run. */
  private async beforeDisconnect(broker: Broker, info: BrokerBuildInfo): Promise<void> {
    for (const hook of this.deps.lifecycle ?? []) {
      try {
        await hook.beforeDisconnect?.(broker, info);
      } catch (error) {
        this.logger.warn('broker lifecycle hook failed before disconnect', { brokerId: broker.id, error: describe(error) });
      }
    }
  }

  private alert(severity: 'WARNING' | 'CRITICAL', message: string, brokerId: string, details: Record<string, string>): void {
    this.deps.bus.publish(createEvent({ type: 'Alert', severity, source: 'broker-factory', message, brokerId, details }, this.clock.now()));
  }
}

/** A one-line reason; BrokerError messages are secret-free by contract, other errors give their class. */
function describe(error: unknown): string {
  if (isBrokerError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
