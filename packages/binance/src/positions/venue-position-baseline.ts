import { Decimal, type BrokerBalance, type Fill, type Instrument } from '@silvertine/core';
import { baseCommission } from '../mapping/account-mapping';

/**
 * What turns the venue's base-asset balances into the terms of the broker's ledger, so that
 * reconciliation compares like with like. Spot has no positions at the venue: a balance holds whatever
 * was there before this broker started, minus the commissions Binance took in the asset bought. The
 * ledger (core's `localPositions()`) holds only the fills this broker applied, at their full quantity.
 *
 * So, per base asset: the venue's balance, less the balance when the broker first connected (the
 * opening balance, taken once per broker life together with the latest trade id per symbol it
 * includes), plus, for every fill applied since:
 * - its base-asset commission, when the trade came after the opening (the balance lacks it, the ledger
 *   does not);
 * - its signed quantity, when the trade is at or before the opening's trade id (already in the opening
 *   balance, e.g. a fill of an order that filled while the process was down, applied by
 *   reconciliation): the ledger counts it, so the venue side must too.
 * Exact decimal sums only; nothing here is a position or a price.
 */
export class VenuePositionBaseline {
  private opening?: ReadonlyMap<string, Decimal>;
  private readonly openingTradeId = new Map<string, number>();
  private readonly adjustments = new Map<string, Decimal>();

  /** True once the opening balances are taken. */
  get opened(): boolean {
    return this.opening !== undefined;
  }

  /** Takes the opening balances and trade ids; only the first call counts (a reconnect keeps the first). */
  open(balances: Iterable<BrokerBalance>, throughTradeId: ReadonlyMap<string, number>): void {
    if (this.opening) return;
    this.opening = new Map([...balances].map((b) => [b.asset, b.total]));
    for (const [symbol, id] of throughTradeId) this.openingTradeId.set(symbol, id);
  }

  /** Accounts for a fill the ledger has just applied (see the class comment). */
  onFill(instrument: Instrument, fill: Fill): void {
    const base = instrument.baseAsset;
    if (!base) return;
    const tradeId = Number(fill.tradeId);
    const inOpening = Number.isInteger(tradeId) && tradeId <= (this.openingTradeId.get(instrument.venueSymbol ?? instrument.symbol) ?? -1);
    const change = inOpening ? (fill.side === 'BUY' ? fill.quantity : fill.quantity.negated()) : baseCommission(fill, base);
    if (!change.isZero()) this.adjustments.set(base, (this.adjustments.get(base) ?? Decimal.ZERO).plus(change));
  }

  /** What to add to the venue's balance of `asset` to compare it with the ledger. */
  offset(asset: string): Decimal {
    return (this.adjustments.get(asset) ?? Decimal.ZERO).minus(this.opening?.get(asset) ?? Decimal.ZERO);
  }
}
