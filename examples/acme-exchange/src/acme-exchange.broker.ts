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
  type BrokerPosition,
  type Order,
  type SubmitAcknowledgement,
} from '@silvertine/core';
import { AcmeExchangeConfig } from './acme-exchange.config';
import { InMemoryAcmeExchangeClient, type AcmeExchangeClient } from './connection/acme-exchange.client';
import { toFill, toVenueOrder } from './mapping/acme-exchange.mapping';

/** The AcmeExchange broker: orchestration only; the venue speaks through `AcmeExchangeClient`. */
@RegisterBroker({ type: 'acme-exchange', description: 'AcmeExchange venue', configClass: AcmeExchangeConfig })
export class AcmeExchangeBroker extends AbstractBroker<AcmeExchangeConfig> {
  readonly capabilities: BrokerCapabilities = {
    orderTypes: ['MARKET', 'LIMIT'],
    timeInForce: ['GTC', 'IOC'],
    assetClasses: ['CRYPTO', 'STK'],
    features: [],
  };

  private readonly cash = new Map<string, Decimal>();
  private readonly ledger = new PositionLedger();
  private readonly tradedInstruments = new Map<string, Order['request']['instrument']>();

  constructor(init: BrokerInit<AcmeExchangeConfig>, readonly client: AcmeExchangeClient = new InMemoryAcmeExchangeClient()) {
    super(init);
    for (const [asset, amount] of Object.entries(init.config.balances)) this.cash.set(asset, dec(amount));
  }

  /** The venue's last price, so MARKET orders can be valued by risk limits before they are sent. */
  protected override referencePrice(symbol: string): Decimal | undefined {
    const last = this.client.lastPrice(symbol);
    return last === undefined ? undefined : dec(last);
  }

  protected async connectVenue(): Promise<void> {
    await this.client.connect((execution) => {
      const fill = toFill(execution);
      const instrument = this.tradedInstruments.get(fill.symbol);
      if (!instrument || !this.applyVenueFill(fill)) return;
      const notional = fill.price.times(fill.quantity).times(instrument.multiplier);
      const change = fill.side === 'BUY' ? notional.negated() : notional;
      this.cash.set(instrument.quoteAsset, (this.cash.get(instrument.quoteAsset) ?? Decimal.ZERO).plus(change).minus(fill.commission));
      this.ledger.apply(instrument, fill.side, fill.quantity, fill.price);
    });
  }

  protected async disconnectVenue(): Promise<void> {
    await this.client.close();
  }

  protected async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    this.tradedInstruments.set(order.request.instrument.symbol, order.request.instrument);
    const ack = await this.client.submit(toVenueOrder(order.request));
    return { venueOrderId: ack.orderId };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    await this.client.cancel(order.clientOrderId);
    this.applyVenueStatus(order.clientOrderId, 'CANCELED');
  }

  async getPositions(): Promise<readonly BrokerPosition[]> {
    return this.ledger.snapshot(this.config.accountId);
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
