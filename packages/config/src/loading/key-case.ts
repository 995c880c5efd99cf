import { formatPath, type ConfigIssue } from '../errors/config-issue';

const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/** `max_order_notional` → `maxOrderNotional`; anything not lower snake_case is returned unchanged. */
export function snakeToCamel(key: string): string {
  return SNAKE.test(key) ? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : key;
}

/** `maxOrderNotional` → `max_order_notional` (for naming keys the user has not written yet). */
export function camelToSnake(key: string): string {
  return /^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

/** A tree with camelCase keys and, per object, the key spelling used in the file. */
export interface NormalizedTree {
  readonly value: Record<string, unknown>;
  /** object → (camelKey → key as written). */
  readonly origins: WeakMap<object, Map<string, string>>;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Maps whose keys are names chosen by the user (broker names) keep their keys: `binance_main` stays a
 * broker called `binance_main`. Everything else is a field name and becomes camelCase.
 */
function keepsKeys(segments: readonly string[]): boolean {
  const n = segments.length;
  return n > 0 && segments[n - 1] === 'brokers' && (n === 1 || (n === 3 && segments[0] === 'environments'));
}

/**
 * Converts snake_case keys to camelCase so YAML can follow YAML conventions while the schema classes
 * follow TypeScript's. Both spellings are accepted; giving both for one field is an issue.
 */
export function normalizeKeys(value: Record<string, unknown>, file: string): NormalizedTree {
  const origins = new WeakMap<object, Map<string, string>>();
  const issues: ConfigIssue[] = [];
  const walk = (node: unknown, segments: string[], keep: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, segments, false));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    const spelled = new Map<string, string>();
    for (const [key, inner] of Object.entries(node)) {
      const camel = keep ? key : snakeToCamel(key);
      const earlier = spelled.get(camel);
      if (earlier !== undefined) {
        issues.push({ file, path: formatPath([...segments, key]), rule: 'duplicateKey', message: `both "${earlier}" and "${key}" are given; keep one` });
        continue;
      }
      spelled.set(camel, key);
      const childSegments = [...segments, key];
      out[camel] = walk(inner, childSegments, keepsKeys(childSegments));
    }
    origins.set(out, spelled);
    return out;
  };
  return { value: walk(value, [], false) as Record<string, unknown>, origins, issues };
}
