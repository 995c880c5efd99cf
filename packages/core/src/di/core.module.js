"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createCoreModule = createCoreModule;
const inversify_1 = require("inversify");
const clock_1 = require("../clock/clock");
const event_bus_1 = require("../events/event-bus");
const client_order_id_1 = require("../ids/client-order-id");
const logger_1 = require("../logging/logger");
const metrics_sink_1 = require("../metrics/metrics-sink");
const broker_registry_1 = require("../registry/broker-registry");
const tokens_1 = require("./tokens");
/**
 * Binds core's shared services as singletons. Other packages' modules rebind what they implement
 * (monitoring rebinds MetricsSink with prom-client).
 */
function createCoreModule(options = {}) {
    return new inversify_1.ContainerModule(({ bind }) => {
        bind(tokens_1.CORE_TOKENS.EventBus).toConstantValue(new event_bus_1.EventBus());
        bind(tokens_1.CORE_TOKENS.Clock).toConstantValue(options.clock ?? clock_1.systemClock);
        bind(tokens_1.CORE_TOKENS.Logger).toConstantValue(options.logger ?? (0, logger_1.createSilentLogger)());
        bind(tokens_1.CORE_TOKENS.MetricsSink).toConstantValue(options.metrics ?? new metrics_sink_1.NoopMetricsSink());
        bind(tokens_1.CORE_TOKENS.BrokerRegistry).toConstantValue(new broker_registry_1.BrokerRegistry());
        bind(tokens_1.CORE_TOKENS.ClientOrderIdGenerator).toConstantValue(new client_order_id_1.ClientOrderIdGenerator(options.clientOrderIdPrefix));
    });
}
//# sourceMappingURL=core.module.js.map