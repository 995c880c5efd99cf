import { dec, type BrokerAccountInfo, type BrokerBalance } from '@silvertine/core';
import { decodePosition, encodePosition, type JsonObject } from '@silvertine/resilience';

type R = Record<string, unknown>;

/** A decimal field of a reply: its exact string, or an error naming the field. */
function decimal(j: R, field: string) {
  const value = j[field];
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`codec: ${field} must be a decimal string`);
  return dec(String(value));
}

export function encodeBalance(b: BrokerBalance): JsonObject {
  return { asset: b.asset, free: b.free.toString(), locked: b.locked.toString(), total: b.total.toString() };
}

export function decodeBalance(j: R): BrokerBalance {
  if (typeof j.asset !== 'string') throw new Error('codec: balance.asset must be a string');
  return { asset: j.asset, free: decimal(j, 'free'), locked: decimal(j, 'locked'), total: decimal(j, 'total') };
}

export function encodeAccountInfo(a: BrokerAccountInfo): JsonObject {
  return {
    accountId: a.accountId, accountType: a.accountType, baseCurrency: a.baseCurrency, equity: a.equity.toString(), buyingPower: a.buyingPower.toString(),
    marginUsed: a.marginUsed.toString(), marginAvailable: a.marginAvailable.toString(), balances: a.balances.map(encodeBalance),
    positions: a.positions.map(encodePosition), updatedAt: a.updatedAt,
  };
}

export function decodeAccountInfo(j: R): BrokerAccountInfo {
  if (typeof j.accountId !== 'string' || (j.accountType !== 'CASH' && j.accountType !== 'MARGIN') || typeof j.baseCurrency !== 'string' || typeof j.updatedAt !== 'number') {
    throw new Error('codec: account info needs accountId, accountType (CASH|MARGIN), baseCurrency and updatedAt');
  }
  if (!Array.isArray(j.balances) || !Array.isArray(j.positions)) throw new Error('codec: account info needs balances and positions arrays');
  return {
    accountId: j.accountId, accountType: j.accountType, baseCurrency: j.baseCurrency, equity: decimal(j, 'equity'), buyingPower: decimal(j, 'buyingPower'),
    marginUsed: decimal(j, 'marginUsed'), marginAvailable: decimal(j, 'marginAvailable'), balances: j.balances.map((b) => decodeBalance(b as R)),
    positions: j.positions.map((p) => decodePosition(p as R)), updatedAt: j.updatedAt,
  };
}
