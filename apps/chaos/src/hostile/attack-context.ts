import { createLogger, isBrokerError, seededRandom } from '@silvertine/core';
import { MemoryTransport, scanForSecrets } from '../harness/log-capture';
import { MONITORING_TOKEN, SECRETS } from '../harness/secrets';
import type { AttackContext, AttackVerdict } from './attack.types';

/** Thrown to stop an attack whose product hung (already recorded): the verdict is still printed. */
export class AttackAborted extends Error {}

/**
 * The child's side of one attack: a core logger writing into memory (the product's log output), the
 * texts the product exposed, and the figures the verdict reports.
 */
export class ChildAttackContext implements AttackContext {
  readonly random: () => number;
  readonly transport = new MemoryTransport();
  readonly logger;
  private readonly secrets = new Set<string>([...SECRETS, MONITORING_TOKEN]);
  private readonly exposed: string[] = [];
  private readonly verdict = { wrong: [] as string[], untyped: [] as string[], hangs: [] as string[], unreported: [] as string[], notes: [] as string[] };

  constructor(readonly seed: number, readonly tmpDir: string) {
    this.random = seededRandom(seed);
    this.logger = createLogger({ level: 'debug', secrets: [...this.secrets], transports: [this.transport] });
  }

  addSecret(value: string): void {
    if (value.length >= 8) this.secrets.add(value);
  }

  expose(label: string, text: unknown): void {
    this.exposed.push(`${label}: ${typeof text === 'string' ? text : safeJson(text)}`);
  }

  wrong(what: string): void {
    this.verdict.wrong.push(what);
  }

  untyped(what: string, error: unknown): void {
    this.verdict.untyped.push(`${what}: ${describe(error)}`);
  }

  hang(what: string): void {
    this.verdict.hangs.push(what);
  }

  unreported(what: string): void {
    this.verdict.unreported.push(what);
  }

  note(text: string): void {
    this.verdict.notes.push(text);
  }

  /** The verdict: figures so far plus a scan of every log line and exposed text for secrets and signatures. */
  finish(id: string): AttackVerdict {
    const leaks = scanForSecrets([...this.transport.lines, ...this.exposed], [...this.secrets]).map((f) => `${f.what} in: ${f.line.slice(0, 200)}`);
    return { id, ...this.verdict, leaks };
  }
}

/**
 * The factor every bound of the suite is multiplied by (`--time-scale N`, env CHAOS_TIME_SCALE; default 1):
 * on a machine loaded many times over its cores, process starts and transpiling alone outlast the bounds.
 */
export function timeScale(): number {
  const raw = process.env.CHAOS_TIME_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 1 || scale > 20) throw new Error(`CHAOS_TIME_SCALE must be a number in 1..20, got ${JSON.stringify(raw)}`);
  return scale;
}

/**
 * Waits for `promise` at most `ms` (times timeScale()); on expiry records a hang of `what` and aborts the attack (the event
 * loop still runs, so the child can report it; a blocked loop is caught by the parent's kill instead).
 */
export async function within<T>(ctx: AttackContext, unscaledMs: number, what: string, promise: Promise<T>): Promise<T> {
  const ms = unscaledMs * timeScale();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctx.hang(`${what} (no end within ${ms} ms)`);
      reject(new AttackAborted(what));
    }, ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes something of the product within `ms`; a close that hangs is recorded, and the attack goes on closing the rest. */
export async function closeWithin(ctx: AttackContext, what: string, ms: number, close: () => Promise<void>): Promise<void> {
  try {
    await within(ctx, ms, what, close());
  } catch (error) {
    if (!(error instanceof AttackAborted)) ctx.note(`${what} failed: ${describe(error)}`);
  }
}

/** What a call of a product API ended with. */
export type Settled<T> = { readonly ok: true; readonly value: T; readonly ms: number } | { readonly ok: false; readonly error: unknown; readonly ms: number };

/**
 * Runs a product call that promises typed errors: an untyped one is recorded (a crash of that call), any
 * error's message and JSON are exposed to the secret scan. Bounded like `within`.
 */
export async function settle<T>(ctx: AttackContext, what: string, ms: number, call: () => Promise<T>): Promise<Settled<T>> {
  const started = Date.now();
  try {
    const value = await within(ctx, ms, what, Promise.resolve().then(call));
    return { ok: true, value, ms: Date.now() - started };
  } catch (error) {
    if (error instanceof AttackAborted) throw error;
    exposeError(ctx, what, error);
    if (!isTypedError(error)) ctx.untyped(what, error);
    return { ok: false, error, ms: Date.now() - started };
  }
}

/** A BrokerError, or a configuration error of @silvertine/config (ConfigValidationError is one too). */
export function isTypedError(error: unknown): boolean {
  return isBrokerError(error) || (error instanceof Error && /^Config/.test(error.name));
}

/** Exposes an error's message, stack, cause and JSON to the scan. */
export function exposeError(ctx: AttackContext, label: string, error: unknown): void {
  if (error instanceof Error) {
    ctx.expose(`${label} error`, `${error.name}: ${error.message}\n${error.stack ?? ''}`);
    const json = (error as { toJSON?: () => unknown }).toJSON?.();
    if (json) ctx.expose(`${label} error json`, json);
    if (error.cause) exposeError(ctx, `${label} cause`, error.cause);
  } else ctx.expose(`${label} thrown`, error);
}

/** The class and message of anything thrown. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}${isBrokerError(error) ? `(${error.code})` : ''}: ${error.message.slice(0, 300)}`;
  return String(error).slice(0, 300);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
