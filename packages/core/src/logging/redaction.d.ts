/** Keys whose values are never logged, whatever their nesting. Compared case-insensitively. */
export declare const SECRET_KEY_PATTERN: RegExp;
export declare const REDACTED = "[REDACTED]";
/**
 * Returns a copy of `value` with secret-looking keys masked and any of the `knownSecrets` values
 * masked wherever they appear inside strings (e.g. a signed URL in an error message).
 */
export declare function redact(value: unknown, knownSecrets?: readonly string[], depth?: number): unknown;
