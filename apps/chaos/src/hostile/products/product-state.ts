import type { BrokerBalance, BrokerPosition, Order } from '@silvertine/core';
import type { AttackContext } from '../attack.types';

/**
 * What a broker believes, flattened to comparable strings: every order it tracks (status, filled,
 * venue id), every fill it applied, its balances and both position views. Two snapshots differ exactly
 * where the product changed state.
 */
export type ProductState = ReadonlyMap<string, string>;

/** Flattens a broker's view into a ProductState. */
export function flattenState(view: {
  orders: readonly Order[];
  fillIds: readonly string[];
  balances?: readonly BrokerBalance[];
  positions?: readonly BrokerPosition[];
  localPositions?: readonly BrokerPosition[];
}): ProductState {
  const state = new Map<string, string>();
  for (const o of view.orders) state.set(`order ${o.clientOrderId}`, `${o.status} filled ${o.filledQuantity.toString()} venueId ${o.venueOrderId ?? '-'}`);
  for (const id of view.fillIds) state.set(`fill ${id}`, (state.get(`fill ${id}`) === undefined ? '1' : String(Number(state.get(`fill ${id}`)) + 1)));
  for (const b of view.balances ?? []) state.set(`balance ${b.asset}`, `free ${b.free.toString()} locked ${b.locked.toString()}`);
  for (const p of view.positions ?? []) state.set(`position ${p.instrument.symbol}`, p.quantity.toString());
  for (const p of view.localPositions ?? []) state.set(`local position ${p.instrument.symbol}`, p.quantity.toString());
  return state;
}

/**
 * Reports every difference between `before` and `after` as a wrong state change, except keys that
 * `expected` allows (with the value it expects, or any value for `'*'`).
 */
export function compareStates(ctx: AttackContext, before: ProductState, after: ProductState, expected: Readonly<Record<string, string>> = {}, ignore: (key: string) => boolean = () => false): void {
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (ignore(key)) continue;
    const want = expected[key];
    const got = after.get(key);
    if (want === '*') continue;
    if (want !== undefined) {
      if (got !== want) ctx.wrong(`${key}: expected "${want}", got "${got ?? '(none)'}"`);
      continue;
    }
    if (before.get(key) !== got) ctx.wrong(`${key} changed: "${before.get(key) ?? '(none)'}" → "${got ?? '(none)'}"`);
  }
}
