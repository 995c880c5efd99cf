import { Decimal, type BrokerBalance, type BrokerPosition, type Fill } from '@silvertine/core';

/** Expected holdings after a set of fills, computed independently of any broker's own ledger. */
export interface ExpectedHoldings {
  /** By asset: cash and coins. */
  readonly balances: ReadonlyMap<string, Decimal>;
  /** By symbol: net quantity (buys minus sells). */
  readonly positions: ReadonlyMap<string, Decimal>;
}

/**
 * Replays fills on starting balances with exact decimals: a BUY adds quantity × multiplier of the base
 * asset (or position) and pays quantity × price × multiplier of the quote asset; a SELL the reverse; the
 * commission is taken from its own asset. `assets(symbol)` names the base asset (undefined for a
 * position-only instrument such as a stock) and the quote asset.
 */
export function expectedHoldings(
  initial: Readonly<Record<string, string>>,
  fills: readonly Fill[],
  assets: (symbol: string) => { readonly base?: string; readonly quote: string; readonly multiplier?: Decimal },
): ExpectedHoldings {
  const balances = new Map<string, Decimal>(Object.entries(initial).map(([asset, amount]) => [asset, Decimal.from(amount)]));
  const positions = new Map<string, Decimal>();
  const add = (map: Map<string, Decimal>, key: string, amount: Decimal) => map.set(key, (map.get(key) ?? Decimal.from(0)).plus(amount));
  for (const fill of fills) {
    const { base, quote, multiplier = Decimal.from(1) } = assets(fill.symbol);
    const quantity = fill.quantity.times(multiplier);
    const signed = fill.side === 'BUY' ? quantity : quantity.negated();
    add(positions, fill.symbol, signed);
    if (base) add(balances, base, signed);
    // Exact: no rounding mode applies to a product of two finite decimals within the type's precision.
    add(balances, quote, fill.price.times(signed).negated());
    if (!fill.commission.isZero()) add(balances, fill.commissionAsset, fill.commission.negated());
  }
  return { balances, positions };
}

/** Differences between reported balances (their totals) and expected ones, as readable lines. */
export function balanceDifferences(reported: readonly BrokerBalance[], expected: ReadonlyMap<string, Decimal>): string[] {
  const problems: string[] = [];
  for (const [asset, amount] of expected) {
    const got = reported.find((b) => b.asset === asset)?.total ?? Decimal.from(0);
    if (!got.eq(amount)) problems.push(`${asset}: reported ${got.toString()}, expected ${amount.toString()}`);
  }
  return problems;
}

/** Differences between reported positions and expected net quantities. */
export function positionDifferences(reported: readonly BrokerPosition[], expected: ReadonlyMap<string, Decimal>): string[] {
  const problems: string[] = [];
  for (const [symbol, quantity] of expected) {
    const got = reported.filter((p) => p.instrument.symbol === symbol).reduce((sum, p) => sum.plus(p.quantity), Decimal.from(0));
    if (!got.eq(quantity)) problems.push(`${symbol}: reported ${got.toString()}, expected ${quantity.toString()}`);
  }
  return problems;
}
