"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RegisterBroker = RegisterBroker;
exports.getBrokerMetadata = getBrokerMetadata;
require("reflect-metadata");
const BROKER_METADATA = Symbol.for('silvertine.broker.metadata');
/**
 * Records broker metadata on a class. It registers nothing by itself: a plugin's manifest lists its
 * classes and the BrokerRegistry reads this metadata when the manifest is loaded (no hidden
 * side-effect imports).
 */
function RegisterBroker(typeOrMetadata) {
    const metadata = typeof typeOrMetadata === 'string' ? { type: typeOrMetadata } : typeOrMetadata;
    if (!/^[a-z][a-z0-9-]*$/.test(metadata.type)) {
        throw new TypeError(`broker type "${metadata.type}" must be lower-case letters, digits and dashes`);
    }
    return (target) => {
        Reflect.defineMetadata(BROKER_METADATA, metadata, target);
    };
}
/** The metadata recorded by @RegisterBroker, or undefined for an undecorated class. */
function getBrokerMetadata(target) {
    return Reflect.getOwnMetadata(BROKER_METADATA, target);
}
//# sourceMappingURL=register-broker.decorator.js.map