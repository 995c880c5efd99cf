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

/** Every order placement request received, in arrival order. */
export class OrderJournal {
  private readonly entries: ReceivedOrder[] = [];

  record(entry: ReceivedOrder): void {
    this.entries.push(entry);
  }

  /** All received orders, or those with a client order id. */
  list(clientOrderId?: string): readonly ReceivedOrder[] {
    return clientOrderId === undefined ? [...this.entries] : this.entries.filter((e) => e.clientOrderId === clientOrderId);
  }
}
