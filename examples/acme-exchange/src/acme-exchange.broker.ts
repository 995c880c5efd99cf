import {
  AbstractBroker,
  Decimal,
  PositionLedger,
  RegisterBroker,
  dec,
  type BrokerAccountInfo,
  type BrokerBalance,
  type BrokerCapabilities,
  type BrokerInit,
  type Broker,
  type BrokerPosition,
  type Fill,
  type Order,
  type ReconcilableBroker,
  type SubmitAcknowledgement,
  type VenueStateSource,
} from '@silvertine/core';
import { AcmeExchangeConfig } from './acme-exchange.config';
import { InMemoryAcmeExchangeClient, type AcmeExchangeClient } from './connection/acme-exchange.client';
import { toFill, toInstrument, toVenueOrder } from './mapping/acme-exchange.mapping';
import { AcmeExchangeVenueState } from './reconciliation/acme-exchange.venue-state';

/**
 * The AcmeExchange broker: orchestration only; the venue speaks through `AcmeExchangeClient`.
 * It states the ports it implements, so a change to them fails to compile here rather than at run time.
 */
@RegisterBroker({ type: 'acme-exchange', description: 'AcmeExchange venue', configClass: AcmeExchangeConfig })
export class AcmeExchangeBroker extends AbstractBroker<AcmeExchangeConfig> implements Broker, ReconcilableBroker {
  readonly capabilities: BrokerCapabilities = {
    orderTypes: ['MARKET', 'LIMIT'],
    timeInForce: ['GTC', 'IOC'],
    assetClasses: ['CRYPTO', 'STK'],
    features: [],
  };

  /**
   * The venue's account, kept here only because the in-memory venue has none to ask: a real adapter
   * reads balances and positions from the venue (getBalances / getPositions). The base keeps the broker's
   * own ledger of the same fills (localPositions).
   */
  private readonly cash = new Map<string, Decimal>();
  private readonly venueLedger = new PositionLedger();
  private venue?: AcmeExchangeVenueState;

  constructor(init: BrokerInit<AcmeExchangeConfig>, readonly client: AcmeExchangeClient = new InMemoryAcmeExchangeClient()) {
    super(init);
    for (const [asset, amount] of Object.entries(init.config.balances)) this.cash.set(asset, dec(amount));
    for (const [symbol, price] of Object.entries(init.config.prices ?? {})) client.setPrice?.(symbol, price);
  }

  /** The venue's account of orders, fills and positions, for resilience's Reconciler (one instance). */
  venueState(): VenueStateSource {
    return (this.venue ??= new AcmeExchangeVenueState(this.client, this, () => this.getPositions()));
  }

  /** The venue's last price, so MARKET orders can be valued by risk limits before they are sent. */
  protected override referencePrice(symbol: string): Decimal | undefined {
    const last = this.client.lastPrice(symbol);
    return last === undefined ? undefined : dec(last);
  }

  protected async connectVenue(): Promise<void> {
    // Inbound handlers run inside the base's error boundary: a payload the mapper refuses is reported
    // (VenuePayloadError on the bus), never thrown into the client's event loop. The base checks each fill
    // against its order, deduplicates, applies and publishes it, then calls onFillApplied.
    await this.client.connect((execution) => this.guardInbound('execution', () => void this.applyVenueFill(toFill(execution))));
    // what instrument(symbol) and instruments() serve: the venue's listed symbols
    this.registerInstruments((await this.client.symbols()).map(toInstrument));
  }

  protected async disconnectVenue(): Promise<void> {
    await this.client.close();
  }

  /** A fill the base accepted: the stand-in venue account settles it too. */
  protected override onFillApplied(fill: Fill, order: Order): void {
    const { instrument } = order.request;
    const notional = fill.price.times(fill.quantity).times(instrument.multiplier);
    const change = fill.side === 'BUY' ? notional.negated() : notional;
    this.cash.set(instrument.quoteAsset, (this.cash.get(instrument.quoteAsset) ?? Decimal.ZERO).plus(change));
    if (!fill.commission.isZero()) this.cash.set(fill.commissionAsset, (this.cash.get(fill.commissionAsset) ?? Decimal.ZERO).minus(fill.commission));
    this.venueLedger.apply(instrument, fill.side, fill.quantity, fill.price);
  }

  protected async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    const ack = await this.client.submit(toVenueOrder(order.request));
    return { venueOrderId: ack.orderId };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    await this.client.cancel(order.clientOrderId);
    this.applyVenueStatus(order.clientOrderId, 'CANCELED');
  }

  async getPositions(): Promise<readonly BrokerPosition[]> {
    return this.venueLedger.snapshot(this.config.accountId);
  }

  async getBalances(): Promise<readonly BrokerBalance[]> {
    return [...this.cash].map(([asset, total]) => ({ asset, free: total, locked: Decimal.ZERO, total }));
  }

  async getAccountInfo(): Promise<BrokerAccountInfo> {
    const balances = await this.getBalances();
    const equity = Decimal.sum(balances.map((b) => b.total));
    return {
      accountId: this.config.accountId, accountType: 'CASH', baseCurrency: 'USD', equity, buyingPower: equity,
      marginUsed: Decimal.ZERO, marginAvailable: Decimal.ZERO, balances, positions: await this.getPositions(), updatedAt: this.clock.now(),
    };
  }
}
