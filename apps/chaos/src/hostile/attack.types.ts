import type { Logger } from '@silvertine/core';

/** The part of the product an attack aims at (one table row each). */
export type AttackClass =
  | 'binance user-data frames'
  | 'binance market frames'
  | 'binance REST bodies'
  | 'binance CLI'
  | 'ib TWS stream'
  | 'binance emulator'
  | 'tws emulator'
  | 'monitoring server'
  | 'config loading'
  | 'mapper fuzzing';

/** Classes in table order. */
export const ATTACK_CLASSES: readonly AttackClass[] = [
  'binance user-data frames', 'binance market frames', 'binance REST bodies', 'binance CLI', 'ib TWS stream',
  'binance emulator', 'tws emulator', 'monitoring server', 'config loading', 'mapper fuzzing',
];

/** What an attack's run gets inside its own child process. */
export interface AttackContext {
  /** Seeded (CHAOS_SEED, default 1): the same seed replays the same random bytes and fuzz cases. */
  readonly seed: number;
  readonly random: () => number;
  /** A fresh temp dir, removed after the attack. */
  readonly tmpDir: string;
  /** The core logger the product gets (redaction registered as the composition root does), captured in memory. */
  readonly logger: Logger;
  /** Secrets the product was given: the scan looks for each in every captured text. */
  addSecret(value: string): void;
  /** Text that left the product (an error message, an HTTP answer, CLI output, an event): scanned for secrets. */
  expose(label: string, text: unknown): void;
  /** A wrong state change or a broken promise of the product: fails the attack. */
  wrong(what: string): void;
  /** An untyped error (TypeError, RangeError…) escaped a product API that promises typed errors: a crash of that call. */
  untyped(what: string, error: unknown): void;
  /** The product did not finish something within its bound while the loop still ran: a hang. */
  hang(what: string): void;
  /** A rejection that did not surface as a typed error or counter (informational). */
  unreported(what: string): void;
  /** Free text printed with the result. */
  note(text: string): void;
}

/**
 * One hostile input, run in its own process. `oracle` says what must hold (process alive, finished within
 * `boundMs`, state unchanged or as expected, no secret in anything that left the product).
 */
export interface Attack {
  readonly id: string;
  readonly class: AttackClass;
  /** The input, in a few words. */
  readonly input: string;
  /** What must hold afterwards. */
  readonly oracle: string;
  /** Part of the Jest subset CI runs. */
  readonly fast?: boolean;
  /** Kill the child after this long (default 20 s): a hang. */
  readonly boundMs?: number;
  run(ctx: AttackContext): Promise<void>;
}

/** What a child reports on stdout (one `HOSTILE-VERDICT <json>` line). */
export interface AttackVerdict {
  readonly id: string;
  readonly wrong: readonly string[];
  readonly untyped: readonly string[];
  readonly hangs: readonly string[];
  readonly leaks: readonly string[];
  readonly unreported: readonly string[];
  readonly notes: readonly string[];
}

/** The parent's view of one attack run. */
export interface AttackOutcome {
  readonly id: string;
  readonly class: AttackClass;
  readonly ms: number;
  /** The process died (non-zero exit without a verdict) or an untyped error escaped a product API. */
  readonly crashed: boolean;
  /** Killed at its bound, or a bounded wait inside it expired. */
  readonly hung: boolean;
  readonly wrong: readonly string[];
  readonly leaks: readonly string[];
  readonly unreported: readonly string[];
  /** Why it failed (crash output, hang, wrong state, leak), or notes. */
  readonly detail: readonly string[];
}

/** Prefix of the verdict line a child prints. */
export const VERDICT_PREFIX = 'HOSTILE-VERDICT ';

/** The line a child prints once its modules are loaded, as the attack starts: its bound runs from here. */
export const STARTED_LINE = 'HOSTILE-STARTED';

/** True when an outcome counts against the product. */
export function attackFailed(o: AttackOutcome): boolean {
  return o.crashed || o.hung || o.wrong.length > 0 || o.leaks.length > 0;
}
