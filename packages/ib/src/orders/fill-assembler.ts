import type { Clock, TimerHandle } from '@silvertine/core';
import type { CommissionReport, Contract, Execution } from '@stoqey/ib';

/** An execution waiting for its commission report. */
export interface PendingExecution {
  readonly clientOrderId: string;
  readonly contract: Contract;
  readonly execution: Execution;
}

/** Called once per execId with the commission report, or without one after the wait ran out. */
export type AssembledFill = (pending: PendingExecution, commission: CommissionReport | undefined) => void;

const MAX_REMEMBERED = 50_000;

/**
 * Joins IB's two halves of a fill: execDetails, then (usually within milliseconds) commissionReport,
 * matched by execId. A report may also arrive first. An execution whose report does not come within
 * `waitMs` is released without one so a fill is never lost; core's dedup by execId makes a later replay
 * harmless. Replays of execIds already released are dropped here without waiting.
 */
export class FillAssembler {
  private readonly executions = new Map<string, { pending: PendingExecution; timer?: TimerHandle }>();
  private readonly commissions = new Map<string, CommissionReport>();
  private readonly released = new Set<string>();
  private readonly idle: Array<() => void> = [];

  constructor(private readonly clock: Clock, private readonly waitMs: number, private readonly onFill: AssembledFill) {}

  /** Number of executions waiting for their commission. */
  get pendingCount(): number {
    return this.executions.size;
  }

  addExecution(pending: PendingExecution): void {
    const execId = pending.execution.execId;
    if (!execId || this.released.has(execId) || this.executions.has(execId)) return;
    const commission = this.commissions.get(execId);
    if (commission) return this.release(execId, pending, commission);
    const entry: { pending: PendingExecution; timer?: TimerHandle } = { pending };
    if (this.waitMs === 0) return this.release(execId, pending, undefined);
    entry.timer = this.clock.setTimeout(() => this.release(execId, pending, undefined), this.waitMs);
    this.executions.set(execId, entry);
  }

  addCommission(report: CommissionReport): void {
    const execId = report.execId;
    if (!execId || this.released.has(execId)) return;
    const waiting = this.executions.get(execId);
    if (waiting) {
      waiting.timer?.cancel();
      return this.release(execId, waiting.pending, report);
    }
    this.commissions.set(execId, report);
    if (this.commissions.size > MAX_REMEMBERED) this.commissions.delete(this.commissions.keys().next().value!);
  }

  /** Resolves once no execution is waiting (used by reconciliation after an execution replay). */
  whenIdle(): Promise<void> {
    if (this.executions.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Cancels every timer; waiting executions are released without commission so none is lost. */
  flush(): void {
    for (const [execId, entry] of [...this.executions]) {
      entry.timer?.cancel();
      this.release(execId, entry.pending, undefined);
    }
  }

  private release(execId: string, pending: PendingExecution, commission: CommissionReport | undefined): void {
    this.executions.delete(execId);
    this.commissions.delete(execId);
    this.released.add(execId);
    if (this.released.size > MAX_REMEMBERED) this.released.delete(this.released.values().next().value!);
    this.onFill(pending, commission);
    if (this.executions.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
