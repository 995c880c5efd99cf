import { Decimal, PositionLedger, type BrokerBalance, type BrokerPosition, type Fill, type Instrument } from '@silvertine/core';
import { baseCommission } from '../mapping/account-mapping';

/**
 * Spot positions as this process believes them: per configured symbol, the base-asset balance when the
 * broker connected (valued at the price then) plus every fill since, with average cost from the fills.
 * Core's broker contract defines a position's change as the signed fill quantity, so commissions paid in
 * the base asset (a buy of 1 BTC at 0.1 % holds 0.999) are not taken out of it; they are summed per
 * asset instead (`baseCommissions`), and the venue's balance plus that sum is what reconciliation
 * compares with.
 *
 * The seed is taken together with the id of the latest trade per symbol: fills up to that id are already
 * in the balance, so when reconciliation applies them later (orders filled while disconnected) they
 * update the order but not the position. Without this they would be counted twice.
 */
export class SpotPositions {
  private ledger = new PositionLedger();
  private readonly seededThrough = new Map<string, number>();
  private readonly commissions = new Map<string, Decimal>();

  /** Starts over from balances; `throughTradeId` is the latest trade per symbol the balances include. */
  seed(instruments: Iterable<Instrument>, balances: ReadonlyMap<string, BrokerBalance>, prices: ReadonlyMap<string, Decimal>, throughTradeId: ReadonlyMap<string, number>): void {
    this.ledger = new PositionLedger();
    this.seededThrough.clear();
    this.commissions.clear();
    for (const [symbol, id] of throughTradeId) this.seededThrough.set(symbol, id);
    const seeded = new Set<string>(); // BTCUSDT and BTCFDUSD share one BTC balance: count it once
    for (const instrument of instruments) {
      if (!instrument.baseAsset || seeded.has(instrument.baseAsset)) continue;
      seeded.add(instrument.baseAsset);
      const held = balances.get(instrument.baseAsset)?.total;
      const price = prices.get(instrument.symbol);
      if (held?.isPositive() && price) {
        this.ledger.apply(instrument, 'BUY', held, price);
        this.ledger.mark(instrument.symbol, price);
      }
    }
  }

  /** Applies a fill to the position; false when the seed already contains it. */
  apply(instrument: Instrument, fill: Fill): boolean {
    const tradeId = Number(fill.tradeId);
    if (Number.isInteger(tradeId) && tradeId <= (this.seededThrough.get(instrument.symbol) ?? -1)) return false;
    this.ledger.apply(instrument, fill.side, fill.quantity, fill.price);
    const base = instrument.baseAsset;
    const commission = baseCommission(fill, base);
    if (base && !commission.isZero()) this.commissions.set(base, this.baseCommissions(base).plus(commission));
    return true;
  }

  /** Commissions paid in `asset` by fills since the seed: the gap between balance and position. */
  baseCommissions(asset: string): Decimal {
    return this.commissions.get(asset) ?? Decimal.ZERO;
  }

  mark(symbol: string, price: Decimal): void {
    this.ledger.mark(symbol, price);
  }

  snapshot(): BrokerPosition[] {
    return this.ledger.snapshot();
  }
}
