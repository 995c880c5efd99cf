"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CORE_TOKENS = void 0;
/**
 * Inversify service identifiers of core. Symbol.for keeps them equal across duplicated copies of the
 * package (a plugin bundling its own core still resolves the app's services).
 */
exports.CORE_TOKENS = {
    EventBus: Symbol.for('silvertine.core.EventBus'),
    Clock: Symbol.for('silvertine.core.Clock'),
    Logger: Symbol.for('silvertine.core.Logger'),
    MetricsSink: Symbol.for('silvertine.core.MetricsSink'),
    BrokerRegistry: Symbol.for('silvertine.core.BrokerRegistry'),
    ClientOrderIdGenerator: Symbol.for('silvertine.core.ClientOrderIdGenerator'),
};
//# sourceMappingURL=tokens.js.map