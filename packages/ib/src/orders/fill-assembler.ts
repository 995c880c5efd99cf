import type { Clock, Instrument, TimerHandle } from '@silvertine/core';
import type { IbCommissionMessage, IbExecutionMessage } from '../decoding/execution.decoder';

/** A decoded execution waiting for its commission report. */
export interface PendingExecution {
  readonly clientOrderId: string;
  /** The instrument of the execution's contract (see ExecutionContext). */
  readonly instrument: Instrument;
  readonly execution: IbExecutionMessage;
}

/** Called once per execId with the commission report, or without one after the wait ran out. */
export type AssembledFill = (pending: PendingExecution, commission: IbCommissionMessage | undefined) => void;

const MAX_REMEMBERED = 50_000;

interface Waiting {
  readonly execId: string;
  readonly pending: PendingExecution;
  timer?: TimerHandle;
  /** Set once its commission came (or the wait ran out): it goes as soon as the ones before it went. */
  ready: boolean;
  commission?: IbCommissionMessage;
}

/**
 * Joins IB's two halves of a fill: execDetails, then (usually within milliseconds) commissionReport,
 * matched by execId. A report may also arrive first. An execution whose report does not come within
 * `waitMs` is released without one so a fill is never lost; core's dedup by execId makes a later replay
 * harmless. Replays of execIds already released are dropped here without waiting.
 *
 * The executions of one order are released in the order TWS sent them, whatever order their reports
 * come in: each carries the order's cumulative quantity, which core checks never goes back.
 */
export class FillAssembler {
  private readonly executions = new Map<string, Waiting>();
  /** Per clientOrderId, its executions not yet released, in arrival order. */
  private readonly queues = new Map<string, Waiting[]>();
  private readonly commissions = new Map<string, IbCommissionMessage>();
  private readonly released = new Set<string>();
  private readonly idle: Array<() => void> = [];

  constructor(private readonly clock: Clock, private readonly waitMs: number, private readonly onFill: AssembledFill) {}

  /** Number of executions waiting for their commission (or for an earlier one of their order). */
  get pendingCount(): number {
    return this.executions.size;
  }

  addExecution(pending: PendingExecution): void {
    const execId = pending.execution.execId;
    if (this.released.has(execId) || this.executions.has(execId)) return;
    const entry: Waiting = { execId, pending, ready: false };
    this.executions.set(execId, entry);
    const queue = this.queues.get(pending.clientOrderId);
    if (queue) queue.push(entry);
    else this.queues.set(pending.clientOrderId, [entry]);
    const commission = this.commissions.get(execId);
    if (commission || this.waitMs === 0) return this.ready(entry, commission);
    entry.timer = this.clock.setTimeout(() => this.ready(entry, undefined), this.waitMs);
  }

  addCommission(report: IbCommissionMessage): void {
    const execId = report.execId;
    if (this.released.has(execId)) return;
    const waiting = this.executions.get(execId);
    if (waiting) {
      if (waiting.ready) return;
      waiting.timer?.cancel();
      return this.ready(waiting, report);
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
    for (const entry of [...this.executions.values()]) {
      entry.timer?.cancel();
      if (!entry.ready) this.ready(entry, undefined);
    }
  }

  private ready(entry: Waiting, commission: IbCommissionMessage | undefined): void {
    entry.ready = true;
    entry.commission = commission;
    const clientOrderId = entry.pending.clientOrderId;
    const queue = this.queues.get(clientOrderId) ?? [];
    for (let head = queue[0]; head?.ready; head = queue[0]) {
      queue.shift();
      this.release(head);
    }
    if (queue.length === 0) this.queues.delete(clientOrderId);
    if (this.executions.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private release(entry: Waiting): void {
    const { execId } = entry;
    this.executions.delete(execId);
    this.commissions.delete(execId);
    this.released.add(execId);
    if (this.released.size > MAX_REMEMBERED) this.released.delete(this.released.values().next().value!);
    this.onFill(entry.pending, entry.commission);
  }
}
