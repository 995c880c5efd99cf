import { formatPath, type ConfigIssue } from '../errors/config-issue';
import { PlainReference, readPlainScalar } from './yaml-reader';

/** Environment variables as a lookup (process.env merged with .env files). */
export type EnvLookup = Readonly<Record<string, string | undefined>>;

/** What substitution produced: the new value and, per path, the variables that fed it. */
export interface SubstitutionResult {
  readonly value: unknown;
  /** Path (as written in the file) to the variable names used in that value, for hints like `(set BINANCE_API_KEY)`. */
  readonly variables: ReadonlyMap<string, readonly string[]>;
  readonly issues: readonly ConfigIssue[];
  /** Values taken from the environment (for masking in messages and logs). */
  readonly substitutedValues: readonly string[];
}

// $${ escapes a literal "${"; otherwise ${NAME} or ${NAME:-default}. The default may not contain "}".
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` inside string values of an already parsed tree. Working on
 * parsed values (never on the YAML text) means a substituted value containing `#`, `:` or a newline
 * stays one string; an unquoted value that is exactly one reference is then read as a YAML scalar
 * (number, boolean) as if written there, a quoted one stays a string. Keys are not substituted. `${VAR:-default}` uses the default when VAR is unset or
 * empty; `${VAR}` with VAR unset is an issue (all of them are collected).
 */
export function substituteEnv(value: unknown, env: EnvLookup, file: string): SubstitutionResult {
  const variables = new Map<string, string[]>();
  const issues: ConfigIssue[] = [];
  const substitutedValues: string[] = [];

  const substituteString = (text: string, segments: readonly (string | number)[]): string => {
    const where = formatPath(segments);
    return text.replace(REFERENCE, (match, body: string | undefined) => {
      if (match === '$${') return '${';
      const inner = body ?? '';
      const separator = inner.indexOf(':-');
      const name = separator === -1 ? inner : inner.slice(0, separator);
      if (!NAME.test(name)) {
        issues.push({ file, path: where, rule: 'envReference', message: `malformed environment reference "\${${name}...}" (use \${NAME} or \${NAME:-default})` });
        return '';
      }
      variables.set(where, [...(variables.get(where) ?? []), name]);
      const found = env[name];
      if (separator !== -1 && (found === undefined || found === '')) return inner.slice(separator + 2);
      if (found === undefined) {
        issues.push({ file, path: where, rule: 'envVarNotSet', message: `environment variable ${name} is not set` });
        return '';
      }
      substitutedValues.push(found);
      return found;
    });
  };

  const walk = (node: unknown, segments: (string | number)[]): unknown => {
    if (node instanceof PlainReference) return readPlainScalar(substituteString(node.text, segments));
    if (typeof node === 'string') return node.includes('$') ? substituteString(node, segments) : node;
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...segments, index]));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(node)) out[key] = walk(inner, [...segments, key]);
      return out;
    }
    return node;
  };

  return { value: walk(value, []), variables, issues, substitutedValues };
}
