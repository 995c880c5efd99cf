import type { Decimal } from '@silvertine/core';

/**
 * A decoded venue number on the instrument's tick or lot. IB's doubles carry float noise (0.1 + 0.2),
 * so the nearest step is taken (half-even), never the one below; a step of zero keeps the value.
 */
export function onStep(value: Decimal, step: Decimal): Decimal {
  return step.isPositive() ? value.roundToStep(step, 'HALF_EVEN') : value;
}
