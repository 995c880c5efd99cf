import { CodecFieldError, DecodeCache } from '../serialization/domain.codec';
import { decodeRecord, type JournalRecord } from './journal-record';

/**
 * Decodes the records of one replay, page by page, as untrusted input: a record that does not decode is
 * counted in `corrupt` (and its error, a CodecFieldError naming the field, or JSON's, kept in `lastError`),
 * never guessed at. Repeated decimals and instruments are decoded once per decoder.
 */
export class JournalDecoder {
  corrupt = 0;
  lastError?: unknown;
  /** Decimals and instruments repeat across records: each distinct one is decoded once per replay. */
  private readonly cache = new DecodeCache();

  /** Decodes one record's JSON text and appends it to `out`; false (and counted) when it is corrupt. */
  decodeText(text: string | undefined, out: JournalRecord[]): boolean {
    try {
      if (text === undefined) throw new CodecFieldError('r', 'is missing');
      out.push(this.decode(JSON.parse(text)));
      return true;
    } catch (error) {
      this.corrupt++;
      this.lastError = error;
      return false;
    }
  }

  /** One parsed record; throws CodecFieldError, naming the field, when it is not valid. */
  decode(json: unknown): JournalRecord {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CodecFieldError('record', 'is not an object');
    const record = json as Record<string, unknown>;
    if (typeof record.brokerId !== 'string') throw new CodecFieldError('brokerId', 'is not a string');
    return decodeRecord(record, this.cache);
  }
}
