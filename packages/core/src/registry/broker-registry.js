"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BrokerRegistry = void 0;
const errors_1 = require("../errors/errors");
const register_broker_decorator_1 = require("./register-broker.decorator");
/** Broker types known to this process, filled from plugin manifests. */
class BrokerRegistry {
    registrations = new Map();
    /** Registers one decorated class. Throws ConfigurationError if undecorated or the type is taken. */
    register(brokerClass, plugin) {
        const metadata = (0, register_broker_decorator_1.getBrokerMetadata)(brokerClass);
        if (!metadata) {
            throw new errors_1.ConfigurationError(`${brokerClass.name} has no @RegisterBroker(...) decorator${plugin ? ` (plugin ${plugin})` : ''}`);
        }
        const existing = this.registrations.get(metadata.type);
        if (existing && existing.brokerClass !== brokerClass) {
            throw new errors_1.ConfigurationError(`broker type "${metadata.type}" is registered twice: by ${existing.brokerClass.name}${existing.plugin ? ` (${existing.plugin})` : ''} and ${brokerClass.name}${plugin ? ` (${plugin})` : ''}`);
        }
        const registration = { ...metadata, brokerClass, plugin };
        this.registrations.set(metadata.type, registration);
        return registration;
    }
    /** Registers every class a plugin's manifest lists. */
    registerPlugin(manifest) {
        if (!manifest || !Array.isArray(manifest.brokers)) {
            throw new errors_1.ConfigurationError(`plugin ${manifest?.name ?? '(unnamed)'} has no brokers list in its manifest`);
        }
        return manifest.brokers.map((cls) => this.register(cls, manifest.name));
    }
    has(type) {
        return this.registrations.has(type);
    }
    /** The registration of `type`; an unknown type fails with the list of known ones. */
    get(type) {
        const found = this.registrations.get(type);
        if (!found) {
            const known = this.types();
            throw new errors_1.ConfigurationError(`unknown broker type "${type}"; known types: ${known.length ? known.join(', ') : '(none registered)'}`);
        }
        return found;
    }
    types() {
        return [...this.registrations.keys()].sort();
    }
    /** Instantiates a registered type. */
    create(type, init) {
        const { brokerClass } = this.get(type);
        return new brokerClass(init);
    }
}
exports.BrokerRegistry = BrokerRegistry;
//# sourceMappingURL=broker-registry.js.map