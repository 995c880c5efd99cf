import type { RawWsApiFrame } from '../mapping/binance-types';
import { integer, list, optionalInteger, optionalText, record, text } from './fields';
import { MAX } from './limits';
import { PayloadRejection, shown } from './payload-rejection';

/**
 * One WebSocket API frame, after JSON.parse: either the answer to a request (`id` with an integer
 * `status`, an `error` object with optional `code`, `msg` and `data.retryAfter` when it failed, and the
 * optional `rateLimits` usage rows, each field checked) or a pushed user-data
 * event (`{subscriptionId, event: {e, …}}`, `e` a string). Anything else (null, an array, a string, an
 * event without a type) is refused. Returns the same object, typed; the event's own fields are checked
 * by the decoder of its type.
 */
export function decodeWsApiFrame(value: unknown): RawWsApiFrame {
  const frame = record(value, 'frame');
  if (frame.id !== undefined && frame.id !== null) {
    if (typeof frame.id !== 'number') text(frame, 'id', MAX.id);
    integer(frame, 'status');
    if (frame.error !== undefined && frame.error !== null) {
      const error = record(frame.error, 'error');
      optionalInteger(error, 'code', 'error');
      optionalText(error, 'msg', 1_000, 'error');
      // A 429/418 carries `data: {serverTime, retryAfter}` (web-socket-api.md "Rate limits"): epoch ms.
      if (error.data !== undefined && error.data !== null) optionalInteger(record(error.data, 'error.data'), 'retryAfter', 'error.data');
    }
    if (frame.rateLimits !== undefined) {
      const rows = list(frame.rateLimits, 'rateLimits', 16);
      for (let i = 0; i < rows.length; i++) {
        const at = `rateLimits[${i}]`;
        const limit = record(rows[i], at);
        text(limit, 'rateLimitType', MAX.word, at);
        text(limit, 'interval', MAX.word, at);
        integer(limit, 'intervalNum', at);
        integer(limit, 'count', at);
      }
    }
    return frame as RawWsApiFrame;
  }
  if (frame.event === undefined) throw new PayloadRejection('event', 'is missing (a frame is either an answer with an id or an event)', shown(frame.event));
  text(record(frame.event, 'event'), 'e', MAX.word, 'event');
  return frame as RawWsApiFrame;
}
