/**
 * Faults the control interface can inject into the next N requests:
 * - `http5xx`: answer with `status` (default 503) and -1001, without processing;
 * - `acceptThen5xx`: process the request (the order exists), then answer 503 with -1007 "execution status unknown";
 * - `hang`: never answer (the client's timeout fires); `drop`: destroy the socket without an answer;
 * - `delay`: answer normally after `delayMs`;
 * - `clockSkew`: answer -1021; `rateLimit`: answer 429 -1003 with Retry-After; `ban`: ban the client (418).
 */
export type FaultKind = 'http5xx' | 'acceptThen5xx' | 'hang' | 'drop' | 'delay' | 'clockSkew' | 'rateLimit' | 'ban';

/** One injected fault. */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** How many matching requests it affects (default 1). */
  readonly count?: number;
  /** Only requests whose REST path or WebSocket API method starts with this. */
  readonly match?: string;
  /** REST, WebSocket API, or both (default both). */
  readonly transport?: 'rest' | 'ws-api' | 'any';
  readonly status?: number;
  readonly delayMs?: number;
  /** Retry-After seconds for `rateLimit`, ban length in seconds for `ban`. */
  readonly retryAfterSec?: number;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
}

/** A queue of faults consumed by matching requests, first injected first used. */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault for this request, if any, counting it down. */
  take(target: string, transport: 'rest' | 'ws-api'): FaultSpec | undefined {
    const fault = this.faults.find(
      (f) => (f.spec.transport ?? 'any') !== (transport === 'rest' ? 'ws-api' : 'rest') && (f.spec.match === undefined || target.startsWith(f.spec.match)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }

  pending(): number {
    return this.faults.reduce((n, f) => n + f.remaining, 0);
  }
}
