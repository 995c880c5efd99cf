import { dec, type Broker, type Instrument, type Order } from '@silvertine/core';
import type { BinanceBroker } from '@silvertine/binance';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../../harness/secrets';
import type { AttackContext } from '../attack.types';
import { settle, within } from '../attack-context';
import type { HostileBinanceVenue } from '../venues/hostile-binance.venue';
import { flattenState, type ProductState } from './product-state';
import { ProductApp, SAFETY_YAML } from './product-app';

/** Knobs of the YAML the product is built from. */
export interface BinanceProductOptions {
  readonly transport?: 'got' | 'undici';
  readonly requestTimeoutMs?: number;
  readonly marketData?: boolean;
  /** `max_venue_wait_ms`: the cap of a Retry-After or 418 ban (the broker's default when absent). */
  readonly maxVenueWaitMs?: number;
}

/**
 * The broker's YAML as a user writes it: secrets and URLs from the environment, the safety stack's
 * defaults (its state beside the file).
 */
export function binanceYaml(options: BinanceProductOptions = {}): string {
  return `plugins:
  - "@silvertine/binance"
${SAFETY_YAML}brokers:
  hostile:
    type: binance
    credentials:
      api_key: \${CHAOS_BINANCE_API_KEY}
      api_secret: \${CHAOS_BINANCE_API_SECRET}
    connection:
      environment: custom
      base_url: \${CHAOS_VENUE_URL}
      ws_api_url: \${CHAOS_VENUE_WS_API_URL}
      stream_url: \${CHAOS_VENUE_STREAM_URL}
      transport: ${options.transport ?? 'undici'}
      request_timeout_ms: ${options.requestTimeoutMs ?? 1000}
      recv_window_ms: 1000
      ping_interval_ms: 5000
      pong_timeout_ms: 3000
      reconnect_min_delay_ms: 50
      reconnect_max_delay_ms: 500
      unknown_order_check_delay_ms: 50
      unknown_order_max_checks: 3
${options.maxVenueWaitMs === undefined ? '' : `      max_venue_wait_ms: ${options.maxVenueWaitMs}\n`}    trading:
      symbols: [BTCUSDT, ETHUSDT]
      market_data: ${options.marketData ?? true}
      depth_levels: ${options.marketData === false ? 0 : 5}
`;
}

/** The environment that YAML reads. */
export function binanceEnv(venue: { url: string; wsUrl: string }): Record<string, string> {
  return {
    CHAOS_BINANCE_API_KEY: BINANCE_API_KEY, CHAOS_BINANCE_API_SECRET: BINANCE_API_SECRET, CHAOS_VENUE_URL: venue.url,
    CHAOS_VENUE_WS_API_URL: `${venue.wsUrl}/ws-api/v3`, CHAOS_VENUE_STREAM_URL: venue.wsUrl,
  };
}

let orderSeq = 0;

/**
 * A BinanceBroker built from YAML by BrokerFactory against the hostile venue, with what the attacks
 * ask of it: resting orders, a barrier fill that proves frames are still handled, and state snapshots.
 */
export class BinanceProduct {
  private constructor(
    readonly app: ProductApp,
    readonly broker: BinanceBroker,
    readonly venue: HostileBinanceVenue,
    private readonly ctx: AttackContext,
  ) {}

  static async start(ctx: AttackContext, venue: HostileBinanceVenue, options: BinanceProductOptions = {}): Promise<BinanceProduct> {
    const attempt = await BinanceProduct.attempt(ctx, venue, options);
    if (!attempt.product) throw new Error(`the broker did not connect to the hostile venue: ${String(attempt.error)}`);
    return attempt.product;
  }

  /**
   * Builds the product and connects (bounded); a failed connect is returned, not thrown (an untyped
   * error is recorded), and leaves nothing open.
   */
  static async attempt(ctx: AttackContext, venue: HostileBinanceVenue, options: BinanceProductOptions = {}): Promise<{ product?: BinanceProduct; error?: unknown }> {
    const app = await ProductApp.create(ctx, binanceYaml(options), binanceEnv(venue));
    const connected = await settle(ctx, 'connect', 10_000, () => app.broker('hostile'));
    if (!connected.ok) {
      await app.close();
      for (const s of venue.signatures) ctx.addSecret(s);
      return { error: connected.error };
    }
    await within(ctx, 5_000, 'user-data subscription', venue.subscribed());
    return { product: new BinanceProduct(app, connected.value as unknown as BinanceBroker, venue, ctx) };
  }

  get events() {
    return this.app.events;
  }

  get asBroker(): Broker {
    return this.broker as unknown as Broker;
  }

  async instrument(symbol: string): Promise<Instrument> {
    const found = await this.broker.instrument(symbol);
    if (!found) throw new Error(`${symbol} not loaded from exchangeInfo`);
    return found;
  }

  /** A LIMIT GTC order resting at the venue (BUY below the market, SELL above), ACCEPTED here. */
  async resting(symbol: string, side: 'BUY' | 'SELL', quantity: string, price: string): Promise<Order> {
    const clientOrderId = `hz${process.pid}x${++orderSeq}`;
    const placed = await settle(this.ctx, `place ${clientOrderId}`, 5_000, async () =>
      this.broker.placeOrder({ clientOrderId, instrument: await this.instrument(symbol), side, type: 'LIMIT', quantity: dec(quantity), limitPrice: dec(price), timeInForce: 'GTC' }),
    );
    if (!placed.ok) throw new Error(`resting order refused: ${String(placed.error)}`);
    return this.events.order(this.asBroker, clientOrderId, (o) => o.status === 'ACCEPTED', 3_000, `order ${clientOrderId} accepted`);
  }

  /**
   * Proves the broker still handles user data and trades: an honest fill of `barrier` (a resting order
   * on another symbol) pushed after the attack must be applied. Frames are handled in order, so once
   * it is, every frame before it was handled too.
   */
  async barrier(barrier: Order, qty = '0.01'): Promise<void> {
    const report = this.venue.fill(barrier.clientOrderId, qty, barrier.request.limitPrice?.toString() ?? '1');
    await this.events.fill(this.asBroker, String(report.t), 6_000, 'an honest fill after the attack to be applied (the broker still trades)');
  }

  /**
   * What the broker holds, flattened: orders, applied fills, cached balances, its own positions. Not
   * `getPositions()`: for spot that reads the venue's account (a request, which a hostile account answer
   * rightly fails), not the broker's state.
   */
  async state(): Promise<ProductState> {
    const orders: Order[] = [];
    for (const id of this.venue.placements) {
      const o = await this.broker.getOrder(id);
      if (o) orders.push(o);
    }
    return flattenState({
      orders, fillIds: this.events.fills.map((f) => f.tradeId), balances: this.broker.cachedBalances(),
      localPositions: await this.broker.localPositions(),
    });
  }

  /** Closes the product (factory, monitoring, bus) and adds the signatures the venue saw to the scan. */
  async close(): Promise<void> {
    await this.app.close();
    for (const s of this.venue.signatures) this.ctx.addSecret(s);
  }
}
