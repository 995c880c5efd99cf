import type { Fill, Order, OrderRequest, OrderStatus } from '../domain/order';
import type { FillApplication, OrderTransitionPatch } from './order-state-machine';
import { OrderStateMachine } from './order-state-machine';

/** How many closed orders a broker keeps by default (BrokerInit.maxClosedOrders). */
export const DEFAULT_MAX_CLOSED_ORDERS = 10_000;

/**
 * Keeps the state machine of every order a broker knows, by clientOrderId, and forgets the oldest
 * closed ones beyond `maxClosedOrders` so that a long-running process does not grow without bound.
 */
export class OrderTracker {
  private readonly machines = new Map<string, OrderStateMachine>();
  /**
   * Ids of closed orders still tracked, in the order they closed, oldest from `closedHead`: a queue
   * without Array.shift's copying. Each machine notes when it was queued, so no id is queued twice.
   */
  private readonly closedOrder: string[] = [];
  private closedHead = 0;
  /**
   * The machine started last, still tracked: a broker asks for the order it just sent several times
   * while the venue answers (each status, each fill; four lookups for a market order that fills at
   * once), and comparing its id with this one's (the same string, so pointer-equal) is cheaper than a
   * map lookup. Cleared when its order is evicted.
   */
  private recent: OrderStateMachine | undefined;

  constructor(private readonly maxClosedOrders = DEFAULT_MAX_CLOSED_ORDERS) {}

  has(clientOrderId: string): boolean {
    return this.machines.has(clientOrderId);
  }

  get(clientOrderId: string): Order | undefined {
    return this.machine(clientOrderId)?.order;
  }

  machine(clientOrderId: string): OrderStateMachine | undefined {
    const recent = this.recent;
    if (recent !== undefined && recent.order.clientOrderId === clientOrderId) return recent;
    return this.machines.get(clientOrderId);
  }

  /** Starts tracking a new order (PENDING_SUBMIT unless stated, e.g. for orders adopted on reconcile). */
  track(request: OrderRequest, now: number, status: OrderStatus = 'PENDING_SUBMIT'): Order {
    return this.start(request, now, status).order;
  }

  /** `track`, returning the order's machine (a broker keeps it at hand while it sends the order). */
  start(request: OrderRequest, now: number, status: OrderStatus = 'PENDING_SUBMIT'): OrderStateMachine {
    const machine = new OrderStateMachine(request, now, status);
    this.machines.set(request.clientOrderId, machine);
    this.recent = machine;
    this.noteIfClosed(machine);
    return machine;
  }

  transition(
    clientOrderId: string,
    to: OrderStatus,
    now: number,
    patch?: OrderTransitionPatch,
  ): { changed: boolean; order: Order; previousStatus: OrderStatus } | undefined {
    const machine = this.machine(clientOrderId);
    if (!machine) return undefined;
    const before = machine.order;
    const order = machine.transition(to, now, patch);
    this.noteIfClosed(machine);
    return { changed: order !== before, order, previousStatus: before.status };
  }

  applyFill(fill: Fill, now: number): FillApplication | undefined {
    const machine = this.machine(fill.clientOrderId);
    if (!machine) return undefined;
    const result = machine.applyFill(fill, now);
    this.noteIfClosed(machine);
    return result;
  }

  open(symbol?: string): Order[] {
    const out: Order[] = [];
    for (const machine of this.machines.values()) {
      if (!machine.isTerminal && (symbol === undefined || machine.order.request.instrument.symbol === symbol)) {
        out.push(machine.order);
      }
    }
    return out;
  }

  all(): Order[] {
    return [...this.machines.values()].map((m) => m.order);
  }

  private noteIfClosed(machine: OrderStateMachine): void {
    if (machine.closeNoted || !machine.isTerminal) return;
    machine.closeNoted = true;
    this.closedOrder.push(machine.order.clientOrderId);
    while (this.closedOrder.length - this.closedHead > this.maxClosedOrders) {
      const evicted = this.closedOrder[this.closedHead++];
      this.machines.delete(evicted);
      if (this.recent?.order.clientOrderId === evicted) this.recent = undefined;
    }
    // Drop evicted ids now and then, so the queue stays about twice the bound at most.
    if (this.closedHead > 1024 && this.closedHead * 2 > this.closedOrder.length) {
      this.closedOrder.splice(0, this.closedHead);
      this.closedHead = 0;
    }
  }
}
