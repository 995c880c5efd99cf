import { formatPath } from '../errors/config-issue';
import { camelToSnake } from './key-case';

/** One layer of a configuration: a file (or a section of one) after key normalization. */
export interface ConfigSource {
  /** File as shown in messages. */
  readonly file: string;
  /** Segments (as written) leading to this layer inside its file, e.g. `environments.production`. */
  readonly prefix: readonly string[];
  readonly tree: Record<string, unknown>;
  readonly origins: WeakMap<object, Map<string, string>>;
  /** Path as written → environment variables used there. */
  readonly variables: ReadonlyMap<string, readonly string[]>;
}

/** Where a value of the merged configuration came from. */
export interface SourceLocation {
  readonly file: string;
  /** Path as written in that file. */
  readonly path: string;
  /** Environment variables that fed the value, if any. */
  readonly variables: readonly string[];
}

/**
 * The layers of a configuration, lowest precedence first. Lets validation report a problem in the file
 * (and key spelling) the user must edit, although validation runs on the merged camelCase tree.
 */
export class ConfigSources {
  constructor(readonly layers: readonly ConfigSource[]) {}

  /** The file names, in the order they were layered. */
  get files(): string[] {
    return [...new Set(this.layers.map((l) => l.file))];
  }

  /**
   * Locates a camelCase path: the highest layer that defines it wholly, else the one defining its
   * longest prefix (a missing key is reported where its parent is). Keys not written anywhere are shown
   * in snake_case, the convention of the shipped YAML files.
   */
  locate(segments: readonly (string | number)[]): SourceLocation {
    let best: { layer: ConfigSource; depth: number; written: (string | number)[] } | undefined;
    for (const layer of this.layers) {
      const { depth, written } = this.walk(layer, segments);
      // a deeper match wins; on a tie the later layer wins, except when nothing matched (report the base file)
      if (!best || depth > best.depth || (depth === best.depth && depth > 0)) best = { layer, depth, written };
    }
    if (!best) return { file: '(none)', path: formatPath(segments), variables: [] };
    const rest = segments.slice(best.depth).map((s) => (typeof s === 'string' ? camelToSnake(s) : s));
    const path = formatPath([...best.layer.prefix, ...best.written, ...rest]);
    return { file: best.layer.file, path, variables: best.layer.variables.get(path) ?? [] };
  }

  private walk(layer: ConfigSource, segments: readonly (string | number)[]): { depth: number; written: (string | number)[] } {
    let node: unknown = layer.tree;
    const written: (string | number)[] = [];
    for (const segment of segments) {
      if (!node || typeof node !== 'object') break;
      const container = node as Record<string | number, unknown>;
      if (!(segment in container)) break;
      written.push(typeof segment === 'string' && !Array.isArray(node) ? (layer.origins.get(node)?.get(segment) ?? segment) : segment);
      node = container[segment];
    }
    return { depth: written.length, written };
  }
}

/** Merges `overlay` into `base`: mappings recursively, anything else (lists included) replaced. */
export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay === undefined ? base : overlay;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) out[key] = deepMerge(base[key], value);
  return out;
}

/** True for `{...}` objects parsed from YAML (not arrays, not class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}
