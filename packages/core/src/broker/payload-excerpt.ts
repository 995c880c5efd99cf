import { redact, REDACTED, SECRET_KEY_PATTERN } from '../logging/redaction';

/** Longest excerpt of a refused venue payload kept in an error: enough to recognise it, no more. */
export const PAYLOAD_EXCERPT_LENGTH = 160;

/** `"listenKey":"abc"` or `signature=ab12` inside raw text: the value is masked. */
const SECRET_IN_TEXT = new RegExp(`("?(?:${SECRET_KEY_PATTERN.source})"?\\s*[:=]\\s*"?)[^",&\\s}]*`, 'gi');

/**
 * A short, redacted start of a payload for a VenuePayloadError: never the whole message (a 10 MB frame
 * must not end up in a log line) and never a secret (signatures, keys, listen keys are masked).
 */
export function payloadExcerpt(payload: unknown): string {
  let text: string;
  if (typeof payload === 'string') {
    text = payload.length > PAYLOAD_EXCERPT_LENGTH * 4 ? payload.slice(0, PAYLOAD_EXCERPT_LENGTH * 4) : payload;
  } else {
    try {
      text = JSON.stringify(redact(payload)) ?? String(payload);
    } catch {
      text = Object.prototype.toString.call(payload);
    }
  }
  text = text.replace(SECRET_IN_TEXT, `$1${REDACTED}`);
  return text.length > PAYLOAD_EXCERPT_LENGTH ? `${text.slice(0, PAYLOAD_EXCERPT_LENGTH)}…` : text;
}
