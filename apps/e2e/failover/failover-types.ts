/** What the runner tells a strategy process (its one argument, as JSON). */
export interface StrategyOptions {
  readonly index: number;
  readonly orders: number;
  readonly seed: number;
  readonly redisUrl: string;
  readonly prefix: string;
  /** Client order id prefix of this run (Binance allows 36 characters). */
  readonly tag: string;
  /** Where the report goes (JSON). */
  readonly report: string;
}

/** What a strategy process knew at its end. */
export interface StrategyReport {
  readonly index: number;
  readonly orders: readonly { clientOrderId: string; status: string; filled: string; venueOrderId?: string }[];
  /** Every Fill event its bus published, in order (a tradeId seen twice is a duplicate fill). */
  readonly fills: readonly { tradeId: string; clientOrderId: string; side: string; quantity: string; price: string; commission: string; commissionAsset: string }[];
  readonly positions: readonly { symbol: string; quantity: string }[];
  /** Errors of places and cancels, by code. */
  readonly errors: Readonly<Record<string, number>>;
}
