import { readFile } from 'node:fs/promises';
import { Decimal, ConfigurationError } from '@silvertine/core';
import { LineCounter, Scalar, parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ConfigValidationError, type ConfigIssue } from '../errors/config-issue';

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
export function parseYaml(text: string, file: string): Record<string, unknown> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: (tags) => [plainReferenceTag, ...losslessNumbers(tags)] });
  if (doc.errors.length) {
    // the first error only: the following ones are nearly always consequences of it
    const issues: ConfigIssue[] = doc.errors.slice(0, 1).map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, path: '', rule: 'yamlSyntax', message: `malformed YAML: ${error.message.split('\n')[0]}`, line, column: col };
    });
    throw new ConfigValidationError(issues);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigValidationError([{ file, path: '', rule: 'isObject', message: 'the top level must be a mapping (key: value pairs)' }]);
  }
  return value as Record<string, unknown>;
}

/** Reads and parses a YAML file; a missing or unreadable file fails with a ConfigurationError naming it. */
export async function readYamlFile(absolutePath: string, display: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(`${display}: cannot read configuration file${code ? ` (${code})` : ''}`, { cause: error });
  }
  return parseYaml(text, display);
}
