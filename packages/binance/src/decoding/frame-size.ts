import { PayloadRejection } from './payload-rejection';

/**
 * Largest frame read: Binance's user-data events and market payloads are a few kilobytes (a 20-level
 * book is under 2 KB). A bigger frame is refused before JSON.parse spends time and memory on it.
 */
export const MAX_FRAME_CHARS = 1 << 20;

/** Parses one WebSocket frame's text as JSON, refusing oversized and unreadable frames. */
export function parseFrame(text: string): unknown {
  if (text.length > MAX_FRAME_CHARS) throw new PayloadRejection('frame', `must be at most ${MAX_FRAME_CHARS} characters`, String(text.length));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PayloadRejection('frame', 'must be JSON');
  }
}
