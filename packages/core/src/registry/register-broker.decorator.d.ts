import 'reflect-metadata';
import type { Broker } from '../broker/broker';
import type { BrokerInit } from '../broker/broker-init';
/**
 * A class that can be registered: constructed with a BrokerInit carrying its config. The config type
 * is `never` here so that classes with any config type are assignable; the factory validates the
 * config against the class's configClass before constructing it.
 */
export type BrokerClass = new (init: BrokerInit<never>) => Broker;
/** What `@RegisterBroker` records on a class. */
export interface BrokerMetadata {
    /** The `type:` users write in YAML (paper, binance, ib...). */
    readonly type: string;
    readonly description?: string;
    /**
     * class-validator class that validates and transforms the raw config (in @silvertine/config).
     * Typed loosely on purpose: core does not depend on class-validator.
     */
    readonly configClass?: new () => object;
}
/**
 * Records broker metadata on a class. It registers nothing by itself: a plugin's manifest lists its
 * classes and the BrokerRegistry reads this metadata when the manifest is loaded (no hidden
 * side-effect imports).
 */
export declare function RegisterBroker(typeOrMetadata: string | BrokerMetadata): ClassDecorator;
/** The metadata recorded by @RegisterBroker, or undefined for an undecorated class. */
export declare function getBrokerMetadata(target: object): BrokerMetadata | undefined;
