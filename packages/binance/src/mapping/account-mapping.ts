import { Decimal, dec, type BrokerBalance } from '@silvertine/core';
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
