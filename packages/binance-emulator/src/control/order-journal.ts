/** One order request as the emulator received it, for tests to use as an oracle. */
export interface ReceivedOrder {
  readonly clientOrderId: string | undefined;
  readonly transport: 'rest' | 'ws-api';
  readonly operation: string;
  readonly params: Readonly<Record<string, string>>;
  readonly receivedAt: number;
  /** Accepted with this orderId, or rejected with this Binance code. */
  readonly orderId?: number;
  readonly errorCode?: number;
}

const MAX_ROUTES = 1000;

/** Every order placement request received, in arrival order. */
export class OrderJournal {
  private readonly entries: ReceivedOrder[] = [];
  private readonly byClientId = new Map<string, ReceivedOrder[]>();
  private readonly operations = new Map<string, number>();
  private readonly routes = new Map<string, number>();

  /** Counts one request of an operation (any outcome). */
  count(operation: string): void {
    this.operations.set(operation, (this.operations.get(operation) ?? 0) + 1);
  }

  /** Requests received per operation name (e.g. `order.status`, `myTrades`), REST and WebSocket API together. */
  requestCount(operation: string): number {
    return this.operations.get(operation) ?? 0;
  }

  /** Counts one REST request by `METHOD /path` (known endpoint or not). */
  countRoute(routeKey: string): void {
    const known = this.routes.get(routeKey);
    // Bounded: past MAX_ROUTES distinct paths (a client probing garbage paths), new ones are counted together.
    const key = known === undefined && this.routes.size >= MAX_ROUTES ? 'OTHER' : routeKey;
    this.routes.set(key, (this.routes.get(key) ?? 0) + 1);
  }

  /** REST requests received per `METHOD /path`, unknown paths included (a 404 is counted too). */
  restRoutes(): Record<string, number> {
    return Object.fromEntries(this.routes);
  }

  record(entry: ReceivedOrder): void {
    this.entries.push(entry);
    if (entry.clientOrderId === undefined) return;
    const list = this.byClientId.get(entry.clientOrderId);
    if (list) list.push(entry);
    else this.byClientId.set(entry.clientOrderId, [entry]);
  }

  /** All received orders, or those with a client order id. */
  list(clientOrderId?: string): readonly ReceivedOrder[] {
    return clientOrderId === undefined ? [...this.entries] : [...(this.byClientId.get(clientOrderId) ?? [])];
  }
}
