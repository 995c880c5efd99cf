import { Decimal, dec, type BrokerBalance, type BrokerPosition, type Fill, type Instrument } from '@silvertine/core';
import type { RawAccount, RawBalanceUpdate, RawOutboundAccountPosition } from './binance-types';

function balance(asset: string, free: string, locked: string): BrokerBalance {
  const f = dec(free);
  const l = dec(locked);
  return { asset, free: f, locked: l, total: f.plus(l) };
}

/** GET /api/v3/account → balances (assets with nothing free or locked are left out). */
export function toBalances(account: RawAccount): BrokerBalance[] {
  return account.balances.map((b) => balance(b.asset, b.free, b.locked)).filter((b) => !b.total.isZero());
}

/** outboundAccountPosition → the balances it replaces (only the assets that changed). */
export function fromAccountPosition(event: RawOutboundAccountPosition): BrokerBalance[] {
  return event.B.map((b) => balance(b.a, b.f, b.l));
}

/** balanceUpdate (deposit, withdrawal, transfer) → the asset and the signed change of its free amount. */
export function fromBalanceUpdate(event: RawBalanceUpdate): { asset: string; delta: Decimal; at: number } {
  return { asset: event.a, delta: dec(event.d), at: event.T };
}

/** Applies a free-amount change to a balance (creating it at zero when unknown). */
export function applyBalanceDelta(current: BrokerBalance | undefined, asset: string, delta: Decimal): BrokerBalance {
  const free = (current?.free ?? Decimal.ZERO).plus(delta);
  const locked = current?.locked ?? Decimal.ZERO;
  return { asset, free, locked, total: free.plus(locked) };
}

/**
 * Balances → spot "positions" as the venue sees them: per base asset, its total (free + locked) under the
 * first instrument that has it as base (BTCUSDT and BTCFDUSD share one BTC balance, counted once). Spot
 * has no venue-side cost basis, so prices and P&L are zero; only quantities are compared. `offset` is added
 * per asset (reconciliation's baseline, see VenuePositionBaseline).
 */
export function toSpotPositions(balances: readonly BrokerBalance[], instruments: Iterable<Instrument>, offset: (asset: string) => Decimal = () => Decimal.ZERO): BrokerPosition[] {
  const byAsset = new Map(balances.map((b) => [b.asset, b.total]));
  const seen = new Set<string>();
  const out: BrokerPosition[] = [];
  for (const instrument of instruments) {
    const base = instrument.baseAsset;
    if (!base || seen.has(base)) continue;
    seen.add(base);
    const quantity = (byAsset.get(base) ?? Decimal.ZERO).plus(offset(base));
    if (quantity.isZero()) continue;
    out.push({ instrument, quantity, averagePrice: Decimal.ZERO, realizedPnl: Decimal.ZERO, unrealizedPnl: Decimal.ZERO });
  }
  return out;
}

/** The part of a fill's commission paid in the base asset (Binance charges the asset received). */
export function baseCommission(fill: Fill, baseAsset: string | undefined): Decimal {
  return baseAsset !== undefined && fill.commissionAsset === baseAsset ? fill.commission : Decimal.ZERO;
}
