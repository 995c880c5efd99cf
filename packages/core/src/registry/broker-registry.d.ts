import type { Broker } from '../broker/broker';
import type { BrokerInit } from '../broker/broker-init';
import { type BrokerClass, type BrokerMetadata } from './register-broker.decorator';
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
export declare class BrokerRegistry {
    private readonly registrations;
    /** Registers one decorated class. Throws ConfigurationError if undecorated or the type is taken. */
    register(brokerClass: BrokerClass, plugin?: string): BrokerRegistration;
    /** Registers every class a plugin's manifest lists. */
    registerPlugin(manifest: BrokerPluginManifest): readonly BrokerRegistration[];
    has(type: string): boolean;
    /** The registration of `type`; an unknown type fails with the list of known ones. */
    get(type: string): BrokerRegistration;
    types(): string[];
    /** Instantiates a registered type. */
    create<TConfig>(type: string, init: BrokerInit<TConfig>): Broker;
}
