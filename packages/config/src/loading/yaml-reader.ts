import { open, stat as fsStat } from 'node:fs/promises';
import { Decimal, ConfigurationError } from '@silvertine/core';
import { LineCounter, Scalar, parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ConfigValidationError, type ConfigIssue } from '../errors/config-issue';
import { forbiddenKeyIssues } from './forbidden-keys';

/** Largest configuration file read by default (1 MiB): far above any real one, far below what stalls the parser. */
export const DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Most alias expansions a file may make. Anchors are handy for repeating a broker section a few times;
 * nested aliases of aliases ("billion laughs") would otherwise grow a small file into gigabytes.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * Deepest nesting of flow collections (`[`, `{`) accepted. The parser recurses per level: a few
 * thousand levels exhaust the stack, and repeated overflows have been seen to abort V8 itself, so deep
 * nesting is refused by a linear scan before the parser sees it. Real configurations nest 3–5 levels.
 */
export const MAX_YAML_FLOW_DEPTH = 64;

/** Limits applied while reading a YAML file. */
export interface YamlLimits {
  /** Largest file or text accepted, in bytes (default DEFAULT_MAX_CONFIG_BYTES). */
  readonly maxBytes?: number;
}

const NUMBER_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

/**
 * Money must not pass through a float: a number whose double value cannot reproduce the text written
 * in the file (`12345678901234567.89`) is kept as that text, so a Decimal field receives it exactly.
 * Numbers that round-trip stay numbers.
 */
function losslessNumbers(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('resolve' in tag) || !NUMBER_TAGS.has(tag.tag) || 'collection' in tag) return tag;
    const scalarTag = tag as ScalarTag;
    const resolve: ScalarTag['resolve'] = (source, onError, options) => {
      const resolved = scalarTag.resolve(source, onError, options);
      const value = resolved instanceof Scalar ? resolved.value : resolved;
      if (typeof value !== 'number' || !Number.isFinite(value)) return resolved;
      const exact = Decimal.tryFrom(source.replace(/_/g, ''));
      if (exact && !exact.eq(Decimal.from(value))) return source;
      return resolved;
    };
    return { ...scalarTag, resolve };
  });
}

/**
 * A plain (unquoted) scalar that is exactly one `${...}` reference. After substitution its text is read
 * as YAML would read it in that place, so `port: ${IB_PORT:-7497}` is the number 7497 and
 * `enabled: ${ON:-false}` the boolean false, while `api_key: "${KEY}"` (quoted) always stays a string.
 */
export class PlainReference {
  constructor(readonly text: string) {}
}

const plainReferenceTag: ScalarTag = {
  tag: 'tag:silvertine.dev,2025:plain-reference',
  default: true,
  test: /^\$\{[^}]*\}$/,
  identify: (value) => value instanceof PlainReference,
  resolve: (source) => new PlainReference(source) as unknown as string,
};

/** Reads substituted text as a plain YAML scalar: numbers and booleans become typed, the rest stays text. */
export function readPlainScalar(text: string): unknown {
  if (text === '' || text.includes('\n')) return text;
  const doc = parseDocument(text, { customTags: losslessNumbers });
  const value = doc.errors.length ? text : (doc.contents as Scalar | null)?.value;
  return typeof value === 'number' || typeof value === 'boolean' ? value : text;
}

/**
 * Parses YAML text into plain values. Syntax errors become issues carrying line and column; the message
 * never quotes the offending line, since that line may hold a secret.
 */
export function parseYaml(text: string, file: string, limits: YamlLimits = {}): Record<string, unknown> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_CONFIG_BYTES;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) throw tooLarge(file, size, maxBytes);
  const depth = flowDepthExceeded(text);
  if (depth !== undefined) {
    throw new ConfigValidationError([{ file, path: '', rule: 'yamlDepth', message: `collections nested deeper than ${MAX_YAML_FLOW_DEPTH} levels (at offset ${depth})` }]);
  }
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: (tags) => [plainReferenceTag, ...losslessNumbers(tags)] });
  } catch (error) {
    // the parser's own limits (nesting deep enough to exhaust the stack): a malformed file, not a crash
    throw new ConfigValidationError([{ file, path: '', rule: 'yamlSyntax', message: `malformed YAML: ${describe(error)}` }]);
  }
  if (doc.errors.length) {
    // the first error only: the following ones are nearly always consequences of it
    const issues: ConfigIssue[] = doc.errors.slice(0, 1).map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, path: '', rule: 'yamlSyntax', message: `malformed YAML: ${error.message.split('\n')[0]}`, line, column: col };
    });
    throw new ConfigValidationError(issues);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    const aliases = /alias/i.test(describe(error));
    throw new ConfigValidationError([{
      file, path: '', rule: aliases ? 'yamlAliases' : 'yamlSyntax',
      message: aliases ? `too many alias expansions (more than ${MAX_YAML_ALIASES}); write the repeated sections out` : `malformed YAML: ${describe(error)}`,
    }]);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigValidationError([{ file, path: '', rule: 'isObject', message: 'the top level must be a mapping (key: value pairs)' }]);
  }
  const forbidden = forbiddenKeyIssues(value, file);
  if (forbidden.length) throw new ConfigValidationError(forbidden);
  return value as Record<string, unknown>;
}

/**
 * The offset where flow collections nest deeper than MAX_YAML_FLOW_DEPTH, or undefined. Quoted scalars
 * and comments are skipped; an unbalanced bracket inside a plain scalar only makes the count err on the
 * side of refusing, and only past 64 of them.
 */
function flowDepthExceeded(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
    } else if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      comment = true;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_YAML_FLOW_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function tooLarge(file: string, size: number, maxBytes: number): ConfigurationError {
  return new ConfigurationError(`${file}: configuration file is ${size} bytes, above the limit of ${maxBytes} bytes (raise maxConfigBytes to accept it)`);
}

/**
 * Reads and parses a YAML file; a missing or unreadable file fails with a ConfigurationError naming it.
 * The size is checked (stat) before a byte is read, so a huge file is refused at once instead of stalling
 * the parser; anything but a regular file is refused, and a file that grows while read is cut off at the limit.
 */
export async function readYamlFile(absolutePath: string, display: string, limits: YamlLimits = {}): Promise<Record<string, unknown>> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_CONFIG_BYTES;
  let text: string;
  try {
    // stat the path before opening it: a FIFO or device would block or never end
    const stat = await fsStat(absolutePath);
    if (!stat.isFile()) throw new ConfigurationError(`${display}: not a regular file`);
    if (stat.size > maxBytes) throw tooLarge(display, stat.size, maxBytes);
    text = await readBounded(absolutePath, display, maxBytes);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(`${display}: cannot read configuration file${code ? ` (${code})` : ''}`, { cause: error });
  }
  return parseYaml(text, display, { maxBytes });
}

/** Reads a file, failing as soon as more than `maxBytes` have been read (the file may grow after its stat). */
async function readBounded(absolutePath: string, display: string, maxBytes: number): Promise<string> {
  const handle = await open(absolutePath, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(display, total, maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
