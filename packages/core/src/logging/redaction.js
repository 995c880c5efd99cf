"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REDACTED = exports.SECRET_KEY_PATTERN = void 0;
exports.redact = redact;
/** Keys whose values are never logged, whatever their nesting. Compared case-insensitively. */
exports.SECRET_KEY_PATTERN = /(secret|password|passphrase|api[-_]?key|apikey|token|signature|authorization|private[-_]?key|listenkey)/i;
exports.REDACTED = '[REDACTED]';
/**
 * Returns a copy of `value` with secret-looking keys masked and any of the `knownSecrets` values
 * masked wherever they appear inside strings (e.g. a signed URL in an error message).
 */
function redact(value, knownSecrets = [], depth = 0) {
    if (depth > 8)
        return '[TRUNCATED]';
    if (typeof value === 'string')
        return maskKnown(value, knownSecrets);
    if (Array.isArray(value))
        return value.map((v) => redact(v, knownSecrets, depth + 1));
    if (value && typeof value === 'object' && typeof value.toJSON === 'function') {
        return redact(value.toJSON(), knownSecrets, depth + 1);
    }
    if (value instanceof Error) {
        return { name: value.name, message: maskKnown(value.message, knownSecrets) };
    }
    if (value && typeof value === 'object') {
        const out = {};
        for (const [key, inner] of Object.entries(value)) {
            out[key] = exports.SECRET_KEY_PATTERN.test(key) ? exports.REDACTED : redact(inner, knownSecrets, depth + 1);
        }
        return out;
    }
    return value;
}
function maskKnown(text, knownSecrets) {
    let out = text;
    for (const secret of knownSecrets) {
        if (secret.length >= 4)
            out = out.split(secret).join(exports.REDACTED);
    }
    // signed query strings carry their signature as a parameter
    return out.replace(/(signature=)[0-9a-fA-F]+/g, `$1${exports.REDACTED}`);
}
//# sourceMappingURL=redaction.js.map