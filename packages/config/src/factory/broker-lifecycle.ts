import type { Broker, OrderJournal, PreTradeCheck } from '@silvertine/core';

/** What the factory tells a lifecycle hook about the broker concerned. */
export interface BrokerBuildInfo {
  /** The broker's name in the configuration; also its id. */
  readonly name: string;
  /** Its registered type (`binance`, `ib`, `paper`, a plugin's type): the venue label of metrics. */
  readonly type: string;
}

/**
 * Services that take part in every broker's life without the factory knowing them: monitoring labels
 * the venue before the broker reports anything, the resilience stack opens the journal, installs its
 * checks and reconciles after connect. Bind implementations to CONFIG_TOKENS.BrokerLifecycle (any
 * number); the factory calls each in binding order. Every member is optional.
 */
export interface BrokerLifecycle {
  /** Before the broker is constructed (awaited): label it, open what it will write to. */
  beforeCreate?(info: BrokerBuildInfo): void | Promise<void>;
  /**
   * The journal this broker writes to, or undefined to leave the choice to the next hook (then to
   * CONFIG_TOKENS.OrderJournal). Lets a journal apply to live brokers only: a paper backtest that awaits
   * a file write per order no longer fills like the same backtest without one.
   */
  orderJournal?(info: BrokerBuildInfo): OrderJournal | undefined;
  /** Pre-trade checks to construct the broker with (kill switch, reconciliation block, circuit breaker...). */
  preTradeChecks?(info: BrokerBuildInfo): readonly PreTradeCheck[];
  /**
   * After `connect()` succeeded, before the factory hands the broker out (awaited): reconcile with the
   * venue, start watching reconnects. A throw fails the creation, as a failed connect would.
   */
  afterConnect?(broker: Broker, info: BrokerBuildInfo): Promise<void>;
  /** Before the factory disconnects the broker (awaited; errors are logged, never thrown). */
  beforeDisconnect?(broker: Broker, info: BrokerBuildInfo): void | Promise<void>;
}
