/** The label value used once a label has reached its cardinality bound. */
export const OVERFLOW_LABEL = '__other__';

/**
 * Caps the number of distinct values one label may take. Prometheus keeps one time series per label
 * combination, so an unbounded label (a symbol list that grows, a broker id built from user input)
 * would grow memory without limit; past the bound every new value is folded into `__other__`.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  constructor(readonly maxValues: number) {
    if (!Number.isInteger(maxValues) || maxValues < 1) throw new RangeError(`maxValues must be a positive integer, got ${maxValues}`);
  }

  /** The value to use as the label: `value` itself while under the bound, else `__other__`. */
  admit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.maxValues) return OVERFLOW_LABEL;
    this.seen.add(value);
    return value;
  }

  /** Number of distinct values admitted so far. */
  get size(): number {
    return this.seen.size;
  }
}
