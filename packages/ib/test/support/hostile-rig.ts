import { EventBus, NoopMetricsSink, dec, type BrokerErrorEvent, type ConnectionState, type Order } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { InteractiveBrokersBroker, type IbBrokerConfigInput } from '../../src';
import { AAPL, SAFETY_NET_MS } from './harness';

/** Counts what the broker refused, as a metrics backend would (`silvertine_venue_messages_rejected_total`). */
export class RejectionCounter extends NoopMetricsSink {
  readonly rejected: Array<{ readonly brokerId: string; readonly kind: string }> = [];
  venueMessageRejected(brokerId: string, kind: string): void {
    this.rejected.push({ brokerId, kind });
  }
}

/** An emulator acting as a hostile TWS, a connected broker, and what the broker reported. */
export interface HostileRig {
  readonly emulator: TwsEmulator;
  readonly broker: InteractiveBrokersBroker;
  readonly bus: EventBus;
  readonly clientId: number;
  readonly metrics: RejectionCounter;
  /** Every BrokerError event the broker published, in order. */
  readonly errors: BrokerErrorEvent[];
  close(): Promise<void>;
}

/** Starts an emulator and a broker on it (fast reconnects) that counts refused messages. */
export async function startHostileRig(config: IbBrokerConfigInput = {}): Promise<HostileRig> {
  const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  emulator.setPrice('AAPL', 150);
  const bus = new EventBus();
  const metrics = new RejectionCounter();
  const errors: BrokerErrorEvent[] = [];
  bus.errors$.subscribe((e) => errors.push(e));
  const clientId = 7;
  const broker = new InteractiveBrokersBroker({
    id: 'ib-hostile', bus, metrics,
    config: { host: emulator.host, port: emulator.port, clientId, commissionWaitMs: 200, reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, ...config },
  });
  await broker.connect();
  return {
    emulator, broker, bus, clientId, metrics, errors,
    close: async () => {
      await broker.disconnect();
      await emulator.close();
    },
  };
}

/** Resolves on the first BrokerError event matching `predicate`. */
export function errorEvent(rig: HostileRig, predicate: (e: BrokerErrorEvent) => boolean, what: string): Promise<BrokerErrorEvent> {
  const seen = rig.errors.find(predicate);
  return seen ? Promise.resolve(seen) : waitFor(rig.bus.errors$, predicate, SAFETY_NET_MS, what);
}

/** Resolves once the broker is in `state`. */
export function stateIs(rig: HostileRig, state: ConnectionState): Promise<ConnectionState> {
  return waitFor(rig.broker.state$, (s) => s === state, SAFETY_NET_MS, `state ${state}`);
}

/** A resting AAPL buy limit (below the market of 150), acknowledged. */
export function restingBuy(rig: HostileRig, limit = 140, quantity = 10): Promise<Order> {
  return rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(quantity), limitPrice: dec(limit) });
}
