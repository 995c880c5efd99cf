import { dec, type Decimal, type Instrument, type OrderRequestInput } from '@silvertine/core';

/** An order intent with a deterministic clientOrderId. */
export type Intent = OrderRequestInput & { clientOrderId: string };

/** Picks one element with the seeded random. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length) % items.length];
}

/** An integer in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * Seeded intents around `mid`: MARKET orders that fill at once, and LIMIT orders resting `offsetTicks`
 * away (BUY below, SELL above) that the scenario can fill later by moving the market.
 */
export class IntentFactory {
  private n = 0;

  constructor(
    private readonly random: () => number,
    private readonly instrument: Instrument,
    private readonly prefix: string,
    private readonly sizes: readonly string[],
  ) {}

  /** Next id: short, venue-safe (Binance allows 36 characters of [A-Za-z0-9._:/-]). */
  nextId(): string {
    return `${this.prefix}-${++this.n}`;
  }

  market(): Intent {
    return { clientOrderId: this.nextId(), instrument: this.instrument, side: pick(this.random, ['BUY', 'SELL'] as const), type: 'MARKET', quantity: dec(pick(this.random, this.sizes)) };
  }

  /** A resting limit `distance` away from `mid` on its side. */
  resting(mid: Decimal, distance: Decimal): Intent {
    const side = pick(this.random, ['BUY', 'SELL'] as const);
    const limitPrice = side === 'BUY' ? mid.minus(distance) : mid.plus(distance);
    return { clientOrderId: this.nextId(), instrument: this.instrument, side, type: 'LIMIT', quantity: dec(pick(this.random, this.sizes)), limitPrice, timeInForce: 'GTC' };
  }

  /** MARKET or resting LIMIT, seeded. */
  any(mid: Decimal, distance: Decimal): Intent {
    return this.random() < 0.5 ? this.market() : this.resting(mid, distance);
  }
}
