import { AbstractBroker } from '../broker/abstract-broker';
import type { SubmitAcknowledgement } from '../broker/broker';
import type { BrokerInit } from '../broker/broker-init';
import type { BrokerCapabilities } from '../broker/capabilities';
import { Decimal, dec } from '../decimal/decimal';
import type { BrokerAccountInfo, BrokerBalance, BrokerPosition } from '../domain/account';
import type { Instrument } from '../domain/instrument';
import type { Fill, Order } from '../domain/order';
import { InsufficientFundsError, InvalidOrderError } from '../errors/errors';
import { PositionLedger } from '../portfolio/position-ledger';
import { RegisterBroker } from '../registry/register-broker.decorator';

const DEFAULT_COMMISSION_RATE = dec('0.001');
const COMMISSION_STEP = dec('0.00000001');

export interface ReferenceBrokerConfig {
  /** Starting cash per asset, e.g. { USDT: dec(100000) }. */
  readonly cash: Readonly<Record<string, Decimal>>;
  /** Commission rate applied to the notional, in the quote asset (default 0.001 = 10 bps). */
  readonly commissionRate?: Decimal;
  /** What `instrument(symbol)` and `instruments()` serve (default: `testInstrument()`). */
  readonly instruments?: readonly Instrument[];
}

/**
 * A minimal in-memory broker used to prove core's contract suite and to show how small an adapter is.
 * It fills MARKET orders at the last price, LIMIT orders when the price reaches them, STOP orders when
 * the price crosses them; everything fills completely. For realistic simulation use @silvertine/paper.
 */
@RegisterBroker({ type: 'reference', description: 'in-memory reference broker for tests' })
export class ReferenceBroker extends AbstractBroker<ReferenceBrokerConfig> {
  readonly capabilities: BrokerCapabilities = {
    orderTypes: ['MARKET', 'LIMIT', 'STOP'],
    timeInForce: ['GTC', 'IOC'],
    assetClasses: ['CRYPTO', 'STK'],
    features: [],
  };

  private readonly lastPrice = new Map<string, Decimal>();
  private readonly resting = new Map<string, Order>();
  private readonly cash = new Map<string, Decimal>();
  private readonly ledger = new PositionLedger();
  private tradeSeq = 0;

  constructor(init: BrokerInit<ReferenceBrokerConfig>) {
    super(init);
    for (const [asset, amount] of Object.entries(init.config.cash)) this.cash.set(asset, amount);
    this.registerInstruments(init.config.instruments ?? [testInstrument()]);
  }

  /** Moves the market: fills whatever the new price reaches. */
  setPrice(symbol: string, price: Decimal): void {
    this.lastPrice.set(symbol, price);
    this.ledger.mark(symbol, price);
    for (const order of [...this.resting.values()]) {
      if (order.request.instrument.symbol !== symbol) continue;
      const fillPrice = this.executablePrice(order, price);
      if (fillPrice) {
        this.resting.delete(order.clientOrderId);
        this.execute(order, fillPrice, order.request.type === 'LIMIT' ? 'MAKER' : 'TAKER');
      }
    }
  }

  protected override referencePrice(symbol: string): Decimal | undefined {
    return this.lastPrice.get(symbol);
  }

  protected async connectVenue(): Promise<void> {}

  protected async disconnectVenue(): Promise<void> {}

  protected async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    const { request } = order;
    const price = this.lastPrice.get(request.instrument.symbol);
    if (request.type === 'MARKET' && !price) {
      throw new InvalidOrderError('type', 'noMarket', `no price for ${request.instrument.symbol} yet`, { brokerId: this.id, clientOrderId: order.clientOrderId });
    }
    const estimate = request.limitPrice ?? request.stopPrice ?? price!;
    if (request.side === 'BUY') {
      const needed = estimate.times(request.quantity).times(request.instrument.multiplier);
      if (this.cashOf(request.instrument.quoteAsset).lt(needed)) {
        throw new InsufficientFundsError(`needs ${needed} ${request.instrument.quoteAsset}`, { brokerId: this.id, clientOrderId: order.clientOrderId });
      }
    }
    const venueOrderId = `R${order.clientOrderId}`;
    const fillPrice = price ? this.executablePrice(order, price) : undefined;
    if (fillPrice) {
      this.execute(order, fillPrice, 'TAKER');
    } else if (request.timeInForce === 'IOC') {
      queueMicrotask(() => this.applyVenueStatus(order.clientOrderId, 'CANCELED'));
    } else {
      this.resting.set(order.clientOrderId, order);
    }
    return { venueOrderId };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    this.resting.delete(order.clientOrderId);
    this.applyVenueStatus(order.clientOrderId, 'CANCELED');
  }

  async getPositions(): Promise<readonly BrokerPosition[]> {
    return this.ledger.snapshot();
  }

  async getBalances(): Promise<readonly BrokerBalance[]> {
    return [...this.cash.entries()].map(([asset, total]) => ({ asset, free: total, locked: Decimal.ZERO, total }));
  }

  async getAccountInfo(): Promise<BrokerAccountInfo> {
    const balances = await this.getBalances();
    const positions = await this.getPositions();
    const equity = Decimal.sum(balances.map((b) => b.total)).plus(Decimal.sum(positions.map((p) => (p.marketPrice ?? p.averagePrice).times(p.quantity))));
    return {
      accountId: this.id, accountType: 'CASH', baseCurrency: 'USD', equity, buyingPower: equity,
      marginUsed: Decimal.ZERO, marginAvailable: Decimal.ZERO, balances, positions, updatedAt: this.clock.now(),
    };
  }

  private executablePrice(order: Order, price: Decimal): Decimal | undefined {
    const { type, side, limitPrice, stopPrice } = order.request;
    const buy = side === 'BUY';
    if (type === 'MARKET') return price;
    if (type === 'LIMIT') return (buy ? price.lte(limitPrice!) : price.gte(limitPrice!)) ? limitPrice : undefined;
    if (type === 'STOP') return (buy ? price.gte(stopPrice!) : price.lte(stopPrice!)) ? price : undefined;
    return undefined;
  }

  private execute(order: Order, price: Decimal, liquidity: Fill['liquidity']): void {
    const { instrument, side, quantity } = order.request;
    const notional = price.times(quantity).times(instrument.multiplier);
    const commission = notional.times(this.config.commissionRate ?? DEFAULT_COMMISSION_RATE).roundToStep(COMMISSION_STEP, 'UP');
    const quote = instrument.quoteAsset;
    const cashDelta = side === 'BUY' ? notional.negated() : notional;
    this.cash.set(quote, this.cashOf(quote).plus(cashDelta).minus(commission));
    this.ledger.apply(instrument, side, quantity, price);
    this.ledger.mark(instrument.symbol, this.lastPrice.get(instrument.symbol) ?? price);
    const fill: Fill = {
      tradeId: `T${++this.tradeSeq}`, clientOrderId: order.clientOrderId, venueOrderId: `R${order.clientOrderId}`,
      symbol: instrument.symbol, side, quantity, price, commission, commissionAsset: quote, liquidity, timestamp: this.clock.now(),
    };
    this.applyVenueFill(fill);
  }

  private cashOf(asset: string): Decimal {
    return this.cash.get(asset) ?? Decimal.ZERO;
  }
}

/** A BTCUSDT-like spot instrument for tests. */
export function testInstrument(overrides: Partial<Instrument> = {}): Instrument {
  return {
    symbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: dec('0.01'),
    stepSize: dec('0.00001'), minNotional: dec('5'), multiplier: dec(1), venueSymbol: 'BTCUSDT', ...overrides,
  };
}
