import type { Broker } from '../broker/broker';
import type { BrokerInit } from '../broker/broker-init';
import { ConfigurationError } from '../errors/errors';
import { getBrokerMetadata, type BrokerClass, type BrokerMetadata } from './register-broker.decorator';

/** What a plugin package exports (conventionally as `plugin` from its entry point). */
export interface BrokerPluginManifest {
  /** npm package name, for messages. */
  readonly name: string;
  readonly version?: string;
  readonly brokers: readonly BrokerClass[];
}

export interface BrokerRegistration extends BrokerMetadata {
  readonly brokerClass: BrokerClass;
  /** The plugin that registered it. */
  readonly plugin?: string;
}

/** Broker types known to this process, filled from plugin manifests. */
export class BrokerRegistry {
  private readonly registrations = new Map<string, BrokerRegistration>();

  /** Registers one decorated class. Throws ConfigurationError if undecorated or the type is taken. */
  register(brokerClass: BrokerClass, plugin?: string): BrokerRegistration {
    const metadata = getBrokerMetadata(brokerClass);
    if (!metadata) {
      throw new ConfigurationError(`${brokerClass.name} has no @RegisterBroker(...) decorator${plugin ? ` (plugin ${plugin})` : ''}`);
    }
    const existing = this.registrations.get(metadata.type);
    if (existing && existing.brokerClass !== brokerClass) {
      throw new ConfigurationError(
        `broker type "${metadata.type}" is registered twice: by ${existing.brokerClass.name}${existing.plugin ? ` (${existing.plugin})` : ''} and ${brokerClass.name}${plugin ? ` (${plugin})` : ''}`,
      );
    }
    const registration: BrokerRegistration = { ...metadata, brokerClass, plugin };
    this.registrations.set(metadata.type, registration);
    return registration;
  }

  /** Registers every class a plugin's manifest lists. */
  registerPlugin(manifest: BrokerPluginManifest): readonly BrokerRegistration[] {
    if (!manifest || !Array.isArray(manifest.brokers)) {
      throw new ConfigurationError(`plugin ${manifest?.name ?? '(unnamed)'} has no brokers list in its manifest`);
    }
    return manifest.brokers.map((cls) => this.register(cls, manifest.name));
  }

  has(type: string): boolean {
    return this.registrations.has(type);
  }

  /** The registration of `type`; an unknown type fails with the list of known ones. */
  get(type: string): BrokerRegistration {
    const found = this.registrations.get(type);
    if (!found) {
      const known = this.types();
      throw new ConfigurationError(`unknown broker type "${type}"; known types: ${known.length ? known.join(', ') : '(none registered)'}`);
    }
    return found;
  }

  types(): string[] {
    return [...this.registrations.keys()].sort();
  }

  /** Instantiates a registered type. */
  create<TConfig>(type: string, init: BrokerInit<TConfig>): Broker {
    const { brokerClass } = this.get(type);
    return new brokerClass(init as BrokerInit<never>);
  }
}
