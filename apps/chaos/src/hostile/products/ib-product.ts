import { dec, type Broker, type Instrument, type Order } from '@silvertine/core';
import type { AttackContext } from '../attack.types';
import { settle, within } from '../attack-context';
import { flattenState, type ProductState } from './product-state';
import { ProductApp, SAFETY_YAML } from './product-app';

/** The client id the product connects with (the emulator reports it on every order). */
export const IB_CLIENT_ID = 7;

/**
 * An IB broker's YAML as a user writes it for a paper TWS, with the watchdog on (1 s: a silent or
 * corrupt stream is noticed within the attack's bound), short reconnect delays and the safety stack's
 * defaults (its state beside the file).
 */
export function ibYaml(): string {
  return `plugins:
  - "@silvertine/ib"
${SAFETY_YAML}brokers:
  hostile_ib:
    type: ib
    connection:
      host: 127.0.0.1
      port: \${CHAOS_TWS_PORT}
      client_id: ${IB_CLIENT_ID}
      connect_timeout_ms: 3000
      request_timeout_ms: 3000
      watchdog_interval_ms: 1000
    trading:
      mode: paper
      order_ack_timeout_ms: 2000
      commission_wait_ms: 100
      contracts:
        - { symbol: AAPL, exchange: SMART, primary_exchange: NASDAQ, currency: USD }
        - { symbol: MSFT, exchange: SMART, primary_exchange: NASDAQ, currency: USD }
    reconnect:
      enabled: true
      initial_delay_ms: 50
      max_delay_ms: 500
`;
}

/** A US stock as the strategy names it. */
export function stock(symbol: string): Instrument {
  return { symbol, assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };
}

let seq = 0;

/** An InteractiveBrokersBroker built from YAML by BrokerFactory, pointed at a port (a hostile proxy). */
export class IbProduct {
  private constructor(readonly app: ProductApp, readonly broker: Broker, private readonly ctx: AttackContext) {}

  static async start(ctx: AttackContext, port: number): Promise<IbProduct> {
    const app = await ProductApp.create(ctx, ibYaml(), { CHAOS_TWS_PORT: String(port) });
    const connected = await settle(ctx, 'connect', 10_000, () => app.broker('hostile_ib'));
    if (!connected.ok) {
      await app.close();
      throw new Error(`the IB broker did not connect: ${String(connected.error)}`);
    }
    return new IbProduct(app, connected.value, ctx);
  }

  get events() {
    return this.app.events;
  }

  /** A LIMIT GTC order resting at TWS, ACCEPTED here. */
  async resting(symbol: string, side: 'BUY' | 'SELL', quantity: number, price: string): Promise<Order> {
    const clientOrderId = `ib${process.pid}x${++seq}`;
    const placed = await settle(this.ctx, `place ${clientOrderId}`, 6_000, () =>
      this.broker.placeOrder({ clientOrderId, instrument: stock(symbol), side, type: 'LIMIT', quantity: dec(quantity), limitPrice: dec(price), timeInForce: 'GTC' }));
    if (!placed.ok) throw new Error(`resting order refused: ${String(placed.error)}`);
    return this.events.order(this.broker, clientOrderId, (o) => o.status === 'ACCEPTED', 4_000, `order ${clientOrderId} accepted`);
  }

  /** Waits (bounded) for a fill of `clientOrderId` (applied once its commission arrived or waited out). */
  async fillOf(clientOrderId: string, ms: number, what: string): Promise<void> {
    const seen = () => this.events.fills.some((f) => f.clientOrderId === clientOrderId);
    if (seen()) return;
    await within(this.ctx, ms, what, new Promise<void>((resolve) => {
      const sub = this.broker.fills$.subscribe((f) => {
        if (f.clientOrderId === clientOrderId) {
          sub.unsubscribe();
          resolve();
        }
      });
    }));
  }

  /** Orders (by the ids given), applied fills and the local positions, flattened. */
  async state(ids: readonly string[]): Promise<ProductState> {
    const orders: Order[] = [];
    for (const id of ids) {
      const o = await this.broker.getOrder(id);
      if (o) orders.push(o);
    }
    return flattenState({ orders, fillIds: this.events.fills.map((f) => f.tradeId), localPositions: await this.broker.localPositions() });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
