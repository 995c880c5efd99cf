import { Decimal } from '@silvertine/core';
import { apiErrors, ENGINE_MESSAGES } from '../errors/binance-error';

/** Free and locked amounts of one asset. */
export interface AssetBalance {
  readonly asset: string;
  readonly free: Decimal;
  readonly locked: Decimal;
}

/**
 * Balances of the emulated account. Placing an order locks what it may spend; cancel or expiry
 * releases the rest; fills move amounts between assets. Every change records the asset as touched so
 * that one outboundAccountPosition per request lists exactly the assets that changed.
 */
export class AccountBook {
  private readonly balances = new Map<string, { free: Decimal; locked: Decimal }>();
  private touched = new Set<string>();
  private changedAt: number;

  constructor(
    initial: Readonly<Record<string, Decimal>>,
    /** Server time (epoch ms), read at each change for `updateTime`. */
    private readonly clock: () => number = () => 0,
  ) {
    for (const [asset, free] of Object.entries(initial)) this.balances.set(asset, { free, locked: Decimal.ZERO });
    this.changedAt = clock();
  }

  /** When a balance last changed (the account's opening before any change): GET /api/v3/account `updateTime`. */
  get updateTime(): number {
    return this.changedAt;
  }

  private touch(asset: string): void {
    this.touched.add(asset);
    this.changedAt = this.clock();
  }

  private entry(asset: string): { free: Decimal; locked: Decimal } {
    let e = this.balances.get(asset);
    if (!e) {
      e = { free: Decimal.ZERO, locked: Decimal.ZERO };
      this.balances.set(asset, e);
    }
    return e;
  }

  get(asset: string): AssetBalance {
    const e = this.entry(asset);
    return { asset, free: e.free, locked: e.locked };
  }

  all(): AssetBalance[] {
    return [...this.balances.entries()].map(([asset, e]) => ({ asset, free: e.free, locked: e.locked }));
  }

  /** Throws -2010 "Account has insufficient balance…" when `amount` is more than free. */
  requireFree(asset: string, amount: Decimal): void {
    if (this.entry(asset).free.lt(amount)) throw apiErrors.newOrderRejected(ENGINE_MESSAGES.insufficientBalance);
  }

  /** Moves `amount` from free to locked (after requireFree). */
  lock(asset: string, amount: Decimal): void {
    this.requireFree(asset, amount);
    const e = this.entry(asset);
    e.free = e.free.minus(amount);
    e.locked = e.locked.plus(amount);
    this.touch(asset);
  }

  /** Moves `amount` back from locked to free. */
  unlock(asset: string, amount: Decimal): void {
    if (amount.isZero()) return;
    const e = this.entry(asset);
    e.locked = e.locked.minus(amount);
    e.free = e.free.plus(amount);
    this.touch(asset);
  }

  /** Adds (or with a negative delta removes) free balance: fills, commissions, deposits. */
  adjust(asset: string, delta: Decimal): void {
    if (delta.isZero()) return;
    const e = this.entry(asset);
    e.free = e.free.plus(delta);
    this.touch(asset);
  }

  /** Sets the free balance (control interface); returns the delta, for a balanceUpdate event. */
  setFree(asset: string, free: Decimal): Decimal {
    const e = this.entry(asset);
    const delta = free.minus(e.free);
    e.free = free;
    this.touch(asset);
    return delta;
  }

  /** Assets changed since the last call, and forgets them. */
  takeTouched(): AssetBalance[] {
    const assets = [...this.touched];
    this.touched = new Set();
    return assets.map((a) => this.get(a));
  }
}
