/**
 * Inversify service identifiers of core. Symbol.for keeps them equal across duplicated copies of the
 * package (a plugin bundling its own core still resolves the app's services).
 */
export declare const CORE_TOKENS: {
    readonly EventBus: symbol;
    readonly Clock: symbol;
    readonly Logger: symbol;
    readonly MetricsSink: symbol;
    readonly BrokerRegistry: symbol;
    readonly ClientOrderIdGenerator: symbol;
};
