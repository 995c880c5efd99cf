/** Inversify service identifiers of @silvertine/config (Symbol.for: equal across duplicated copies). */
export const CONFIG_TOKENS = {
  /** The loaded SilvertineConfig. */
  Config: Symbol.for('silvertine.config.Config'),
  /** The BrokerFactory built from it with core's shared services. */
  BrokerFactory: Symbol.for('silvertine.config.BrokerFactory'),
  /** Optional OrderJournal the factory gives every broker (bind it to enable journaling). */
  OrderJournal: Symbol.for('silvertine.config.OrderJournal'),
} as const;
