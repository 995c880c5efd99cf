import type { BrokerMetrics } from '../metrics/broker-metrics';

/**
 * Gives every broker's series its real `venue` label (the broker's type), before the broker reports
 * anything: the shipped alert rules group by venue, and a broker first seen without one stays
 * `venue="unknown"`. Its shape is @silvertine/config's BrokerLifecycle (beforeCreate), so a composition
 * root binds it as one of the factory's hooks; monitoring itself does not depend on config.
 */
export class VenueLabeller {
  constructor(private readonly metrics: BrokerMetrics) {}

  beforeCreate(info: { readonly name: string; readonly type: string }): void {
    this.metrics.registerBroker(info.name, info.type);
  }
}
