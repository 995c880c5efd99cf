import type { Clock } from '../clock/clock';
import type { EventBus } from '../events/event-bus';
import type { ClientOrderIdGenerator } from '../ids/client-order-id';
import type { Logger } from '../logging/logger';
import type { MetricsSink } from '../metrics/metrics-sink';
import type { OrderJournal } from '../journal/order-journal';
import type { PreTradeCheck } from '../risk/pre-trade-check';

/**
 * What every broker constructor receives besides its own config. Everything is optional so a broker
 * can be created by hand; the DI module and BrokerFactory pass the shared instances.
 */
export interface BrokerInit<TConfig = unknown> {
  readonly id: string;
  readonly config: TConfig;
  readonly bus?: EventBus;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: MetricsSink;
  readonly clientOrderIds?: ClientOrderIdGenerator;
  /**
   * Makes generated client order ids replayable: drawn from this seed and the broker's clock (keeping the
   * prefix of `clientOrderIds` when given). For simulations (paper passes its seed); live brokers leave
   * it unset, so that their ids stay unique across processes and restarts.
   */
  readonly clientOrderIdSeed?: number;
  /** Durable record of order intents, written before each order leaves the process. */
  readonly journal?: OrderJournal;
  /** Rules every order passes before it is sent (risk limits, kill switch, circuit breaker). */
  readonly preTradeChecks?: readonly PreTradeCheck[];
  /** Closed orders kept in memory for lookups and late fills (default 10,000). */
  readonly maxClosedOrders?: number;
}
