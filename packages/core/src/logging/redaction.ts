/** Keys whose values are never logged, whatever their nesting. Compared case-insensitively. */
export const SECRET_KEY_PATTERN = /(secret|password|passphrase|api[-_]?key|apikey|token|signature|authorization|private[-_]?key|listenkey)/i;

export const REDACTED = '[REDACTED]';

/**
 * Returns a copy of `value` with secret-looking keys masked and any of the `knownSecrets` values
 * masked wherever they appear inside strings (e.g. a signed URL in an error message).
 */
export function redact(value: unknown, knownSecrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 8) return '[TRUNCATED]';
  if (typeof value === 'string') return maskKnown(value, knownSecrets);
  if (Array.isArray(value)) return value.map((v) => redact(v, knownSecrets, depth + 1));
  if (value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return redact((value as { toJSON(): unknown }).toJSON(), knownSecrets, depth + 1);
  }
  if (value instanceof Error) {
    return { name: value.name, message: maskKnown(value.message, knownSecrets) };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redact(inner, knownSecrets, depth + 1);
    }
    return out;
  }
  return value;
}

function maskKnown(text: string, knownSecrets: readonly string[]): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  // signed query strings carry their signature as a parameter
  return out.replace(/(signature=)[0-9a-fA-F]+/g, `$1${REDACTED}`);
}
