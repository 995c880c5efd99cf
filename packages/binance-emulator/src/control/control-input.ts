import { Decimal } from '@silvertine/core';
import type { FaultKind, FaultSpec } from './fault-injector';

/** A control request field that is missing or malformed: answered 400 with this message. */
export class ControlInputError extends Error {}

type Body = Readonly<Record<string, unknown>>;

const FAULT_KINDS: ReadonlySet<FaultKind> = new Set(['http5xx', 'acceptThen5xx', 'hang', 'drop', 'delay', 'clockSkew', 'rateLimit', 'ban']);
const TRANSPORTS = new Set(['rest', 'ws-api', 'any']);
const DAY_MS = 86_400_000;

/**
 * A decimal field of a control request (a price, a quantity, a balance): a string or a finite number,
 * parsed with core's bounded Decimal (so "1e999999999" fails at once, in time linear in its length),
 * and positive (or, with `allowZero`, not negative).
 */
export function decimalInput(body: Body, key: string, options: { allowZero?: boolean } = {}): Decimal {
  const raw = body[key];
  if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isFinite(raw))) throw new ControlInputError(`${key} must be a decimal string or a finite number`);
  const value = Decimal.tryFrom(raw);
  if (value === undefined || !value.isBounded()) throw new ControlInputError(`${key} is not a decimal within bounds: ${JSON.stringify(String(raw).slice(0, 40))}`);
  if (value.isNegative() || (!options.allowZero && value.isZero())) throw new ControlInputError(`${key} must be ${options.allowZero ? 'zero or more' : 'positive'}, got ${value}`);
  return value;
}

/** Like `decimalInput`, or undefined when the field is absent. */
export function optionalDecimalInput(body: Body, key: string): Decimal | undefined {
  return body[key] === undefined ? undefined : decimalInput(body, key);
}

/** A non-empty string field of at most `max` characters (a symbol, an asset). */
export function textInput(body: Body, key: string, max = 32): string {
  const raw = body[key];
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > max) throw new ControlInputError(`${key} must be a string of 1 to ${max} characters`);
  return raw;
}

/** An integer field within [min, max]. */
export function integerInput(body: Body, key: string, min: number, max: number): number {
  const raw = body[key];
  if (!Number.isSafeInteger(raw) || (raw as number) < min || (raw as number) > max) throw new ControlInputError(`${key} must be an integer in ${min}..${max}`);
  return raw as number;
}

/** The server-time offset of `POST /emulator/time-offset`: milliseconds within ±1 day. */
export function timeOffsetInput(body: Body): number {
  return integerInput(body, 'ms', -DAY_MS, DAY_MS);
}

/** A fault of `POST /emulator/fault`, every field checked (a NaN count would make a fault that never runs out). */
export function faultInput(body: Body): FaultSpec {
  const kind = body.kind;
  if (typeof kind !== 'string' || !FAULT_KINDS.has(kind as FaultKind)) throw new ControlInputError(`kind must be one of ${[...FAULT_KINDS].join(', ')}`);
  const spec: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { kind: kind as FaultKind };
  if (body.count !== undefined) spec.count = integerInput(body, 'count', 1, 1_000_000);
  if (body.match !== undefined) spec.match = textInput(body, 'match', 200);
  if (body.transport !== undefined) {
    if (typeof body.transport !== 'string' || !TRANSPORTS.has(body.transport)) throw new ControlInputError('transport must be rest, ws-api or any');
    spec.transport = body.transport as FaultSpec['transport'];
  }
  if (body.status !== undefined) spec.status = integerInput(body, 'status', 100, 599);
  if (body.delayMs !== undefined) spec.delayMs = integerInput(body, 'delayMs', 0, 600_000);
  if (body.retryAfterSec !== undefined) spec.retryAfterSec = integerInput(body, 'retryAfterSec', 0, 86_400);
  return spec;
}
