import fc from 'fast-check';

/** A JSON-like payload (what JSON.parse or @stoqey/ib hands a decoder). */
export type Payload = unknown;

/** A mutation target: the path of keys/indexes from the root. */
type Path = readonly (string | number)[];

/** Marks a removed field. */
const REMOVE = Symbol('remove');

/**
 * Values a hostile venue sends in place of an honest one: wrong types, nulls, numbers that are not
 * numbers, exponents that would take forever to expand, strings that look numeric to a lax parser, and
 * prototype keys. `REMOVE` deletes the field.
 */
const HOSTILE_VALUES: readonly unknown[] = [
  REMOVE, null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 1.7976931348623157e308, Infinity, -Infinity, NaN, 2 ** 53 + 1,
  '', ' ', 'NaN', 'Infinity', '-Infinity', '1e999999999', '-1e999999999', '1e-999999999', '1e400', '-0', '-5', '0x10', '1_000',
  '١٢٣', '\u0000', '1\u00002', '9'.repeat(400), `0.${'1'.repeat(60)}`, 'abc', '__proto__', 'constructor', '12.34.56', '+1', '.5', '5.',
  {}, [], [null], JSON.parse('{"__proto__":{"polluted":1}}'), { constructor: { prototype: { polluted: 1 } } }, 'x'.repeat(100_000),
];

/** Every path into `value` (objects and arrays, root excluded), depth-first. */
export function pathsOf(value: Payload, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p, ...pathsOf(v, p));
  }
  return out;
}

/** A deep copy of `seed` with `value` put at `path` (or the field removed). */
function setAt(seed: Payload, path: Path, value: unknown): Payload {
  const copy = structuredClone(seed) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/** One hostile value: from the list above, or any string, double or integer fast-check makes up. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.stringMatching(/^-?\d{1,30}(\.\d{0,40})?(e[+-]?\d{1,12})?$/) },
);

/**
 * Payloads grown from a recorded one: 1 to 3 fields replaced by hostile values or removed (sometimes
 * the whole payload replaced), so every shape the decoder sees is the recorded shape, slightly wrong.
 */
export function mutationsOf(seed: Payload): fc.Arbitrary<Payload> {
  const paths = pathsOf(seed);
  if (paths.length === 0) return hostileValue.map((v) => (v === REMOVE ? undefined : v));
  const mutated = fc.array(fc.tuple(fc.constantFrom(...paths), hostileValue), { minLength: 1, maxLength: 3 }).map((changes) => {
    let out = seed;
    for (const [path, value] of changes) {
      try {
        out = setAt(out, path, value);
      } catch {
        // an earlier change removed or replaced this path's parent: skip it
      }
    }
    return out;
  });
  return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: hostileValue.map((v) => (v === REMOVE ? undefined : v)) });
}
