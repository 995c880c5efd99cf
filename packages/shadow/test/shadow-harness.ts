import { createEvent, dec, EventBus, type AlertEvent, type Broker, type Decimal, type Fill, type Order } from '@silvertine/core';
import { ManualClock, ReferenceBroker, testInstrument } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the paper broker is the shadow the app would inject
import { paperTradingConfig, PaperTradingBroker, type PaperTradingConfig } from '@silvertine/paper';
import { ShadowBroker, shadowClientOrderId, type ShadowBrokerOptions, type ShadowRecord } from '../src';

export const BTC = testInstrument();

/** A live ReferenceBroker on a ManualClock and a shared bus. */
export function liveBroker(bus: EventBus, clock: ManualClock): ReferenceBroker {
  return new ReferenceBroker({ id: 'live', config: { cash: { USDT: dec(100000), BTC: dec(10) }, instruments: [BTC] }, bus, clock });
}

/** A paper broker on the bus it is given (the shadow's private bus). */
export function paperBroker(bus: EventBus, clock: ManualClock, overrides: Partial<PaperTradingConfig> = {}): PaperTradingBroker {
  return new PaperTradingBroker({
    id: 'live-shadow',
    config: paperTradingConfig({ instruments: [BTC], initialBalances: { USDT: dec(100000), BTC: dec(10) }, ...overrides }),
    bus,
    clock,
  });
}

/** Moves both markets: the reference broker's last price and a quote on the bus. */
export function market(bus: EventBus, clock: ManualClock, live: ReferenceBroker, last: Decimal, bid: Decimal, ask: Decimal): void {
  live.setPrice(BTC.symbol, last);
  bus.publish(createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: BTC.symbol, bid, ask, bidSize: dec(1000), askSize: dec(1000), timestamp: clock.now() } }, clock.now()));
}

/** A ShadowBroker whose compared pairs and alerts are collected; `next()` waits for the next pair. */
export function shadowed(bus: EventBus, live: Broker, createShadow: ShadowBrokerOptions['createShadow'], extra: Partial<ShadowBrokerOptions> = {}) {
  const compared: ShadowRecord[] = [];
  const waiters: Array<(record: ShadowRecord) => void> = [];
  const alerts: AlertEvent[] = [];
  bus.on('Alert', (event) => alerts.push(event));
  const broker = new ShadowBroker({
    live,
    bus,
    createShadow,
    onCompared: (record) => {
      compared.push(record);
      waiters.shift()?.(record);
    },
    ...extra,
  });
  const next = (): Promise<ShadowRecord> => new Promise((resolve) => waiters.push(resolve));
  return { broker, compared, alerts, next };
}

/** Collects every order snapshot and fill a broker streams. */
export function tape(broker: Broker): { orders: Order[]; fills: Fill[] } {
  const orders: Order[] = [];
  const fills: Fill[] = [];
  broker.orders$.subscribe((o) => orders.push(o));
  broker.fills$.subscribe((f) => fills.push(f));
  return { orders, fills };
}

/**
 * Resolves when the shadow has taken the mirror of `liveClientOrderId` (its first snapshot past
 * PENDING_SUBMIT): the barrier a test waits on before moving the clock or the market, since mirrors are
 * placed a few microtasks after the live order.
 */
export function mirrored(broker: ShadowBroker, liveClientOrderId: string): Promise<Order> {
  const id = shadowClientOrderId(liveClientOrderId);
  return new Promise((resolve) => {
    const subscription = broker.shadow.orders$.subscribe((order) => {
      if (order.clientOrderId !== id || order.status === 'PENDING_SUBMIT') return;
      resolve(order);
      queueMicrotask(() => subscription.unsubscribe());
    });
  });
}
