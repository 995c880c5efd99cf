/** Longest strings accepted in the venue's fields (Binance's own limits, with room to spare). */
export const MAX = {
  /** Symbols ("BTCUSDT") and assets ("BTC"). */
  symbol: 32,
  /** Client order ids (Binance: 36) and list ids. */
  id: 64,
  /** Enumerations: statuses, order types, execution types, reasons. */
  word: 64,
  /** Entries of one REST answer (myTrades pages are ≤ 1000; exchangeInfo and accounts have a few hundred). */
  rows: 10_000,
} as const;
