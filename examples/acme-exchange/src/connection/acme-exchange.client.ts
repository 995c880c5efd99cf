import type { AcmeExchangeExecution, AcmeExchangeOrderPayload, AcmeExchangeOrderState, AcmeExchangeSymbolInfo } from '../mapping/acme-exchange.mapping';

/** What the broker needs from the venue. Replace the in-memory client with a real transport. */
export interface AcmeExchangeClient {
  connect(onExecution: (execution: AcmeExchangeExecution) => void): Promise<void>;
  close(): Promise<void>;
  submit(order: AcmeExchangeOrderPayload): Promise<{ orderId: string }>;
  cancel(clientOrderId: string): Promise<void>;
  /** The venue's last price of a symbol as the venue writes it, when known (for pre-trade checks). */
  lastPrice(symbol: string): string | undefined;
  /** The symbols the venue lists (its exchange-info call). */
  symbols(): Promise<readonly AcmeExchangeSymbolInfo[]>;
  /** The venue's open orders (for reconciliation). */
  openOrders(): Promise<readonly AcmeExchangeOrderState[]>;
  /** One order by our client id, open or closed; undefined when the venue never saw it. */
  order(clientId: string): Promise<AcmeExchangeOrderState | undefined>;
  /** The venue's executions since `since` (epoch ms), as its trade-history call lists them. */
  executions(since: number): Promise<readonly AcmeExchangeExecution[]>;
  /** Simulated venues only: moves the market (config `prices` seeds it). */
  setPrice?(symbol: string, price: string): void;
}

/**
 * A simulated venue speaking the venue's own payload format (strings for numbers), so the mapper and
 * the broker are exercised exactly as with a real transport. Market orders fill at the last price;
 * limit orders when the price reaches them.
 */
export class InMemoryAcmeExchangeClient implements AcmeExchangeClient {
  private onExecution?: (execution: AcmeExchangeExecution) => void;
  private readonly prices = new Map<string, number>();
  private readonly resting = new Map<string, AcmeExchangeOrderPayload>();
  /** Every order the venue has seen, and every execution, as its order-status and trade-history calls serve them. */
  private readonly orders = new Map<string, AcmeExchangeOrderState>();
  private readonly history: AcmeExchangeExecution[] = [];
  private sequence = 0;

  async connect(onExecution: (execution: AcmeExchangeExecution) => void): Promise<void> {
    this.onExecution = onExecution;
  }

  async close(): Promise<void> {
    this.onExecution = undefined;
    this.resting.clear();
  }

  async submit(order: AcmeExchangeOrderPayload): Promise<{ orderId: string }> {
    const orderId = `V${++this.sequence}`;
    this.orders.set(order.clientId, { ...order, orderId, filled: '0', state: 'open', ts: Date.now() });
    const price = this.prices.get(order.symbol);
    if (order.type === 'MARKET' && price !== undefined) this.execute(order, String(price));
    else if (order.type === 'LIMIT' && price !== undefined && this.crosses(order, price)) this.execute(order, order.price!);
    else this.resting.set(order.clientId, order);
    return { orderId };
  }

  async cancel(clientOrderId: string): Promise<void> {
    if (!this.resting.delete(clientOrderId)) throw new Error(`unknown order ${clientOrderId}`);
    this.update(clientOrderId, { state: 'canceled' });
  }

  async openOrders(): Promise<readonly AcmeExchangeOrderState[]> {
    return [...this.orders.values()].filter((o) => o.state === 'open');
  }

  async order(clientId: string): Promise<AcmeExchangeOrderState | undefined> {
    return this.orders.get(clientId);
  }

  async executions(since: number): Promise<readonly AcmeExchangeExecution[]> {
    return this.history.filter((e) => e.ts >= since);
  }

  lastPrice(symbol: string): string | undefined {
    const price = this.prices.get(symbol);
    return price === undefined ? undefined : String(price);
  }

  async symbols(): Promise<readonly AcmeExchangeSymbolInfo[]> {
    return [
      { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: '0.01', step: '0.00001', minNotional: '5' },
      { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tick: '0.01', step: '0.0001', minNotional: '5' },
    ];
  }

  /** Test handle: moves the market (a number here because it stands for the venue's feed). */
  setPrice(symbol: string, price: string): void {
    this.prices.set(symbol, Number(price));
    for (const order of [...this.resting.values()]) {
      if (order.symbol === symbol && order.type === 'LIMIT' && this.crosses(order, Number(price))) {
        this.resting.delete(order.clientId);
        this.execute(order, order.price!);
      }
    }
  }

  private crosses(order: AcmeExchangeOrderPayload, price: number): boolean {
    return order.side === 'buy' ? price <= Number(order.price) : price >= Number(order.price);
  }

  /** Fills the whole order at `price` (this simulated venue never fills partially). */
  private execute(order: AcmeExchangeOrderPayload, price: string): void {
    const execution: AcmeExchangeExecution = { id: `E${++this.sequence}`, clientId: order.clientId, symbol: order.symbol, side: order.side, qty: order.qty, px: price, fee: '0', feeAsset: 'USD', maker: order.type === 'LIMIT', ts: Date.now() };
    this.history.push(execution);
    this.update(order.clientId, { state: 'filled', filled: order.qty, avgPx: price });
    this.onExecution?.(execution);
  }

  private update(clientId: string, change: Partial<AcmeExchangeOrderState>): void {
    const current = this.orders.get(clientId);
    if (current) this.orders.set(clientId, { ...current, ...change });
  }
}
