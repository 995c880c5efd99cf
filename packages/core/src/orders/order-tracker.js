"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OrderTracker = void 0;
const order_state_machine_1 = require("./order-state-machine");
/**
 * Keeps the state machine of every order a broker knows, by clientOrderId, and forgets the oldest
 * closed ones beyond `maxClosedOrders` so that a long-running process does not grow without bound.
 */
class OrderTracker {
    maxClosedOrders;
    machines = new Map();
    closedOrder = [];
    closedSet = new Set();
    constructor(maxClosedOrders = 10_000) {
        this.maxClosedOrders = maxClosedOrders;
    }
    has(clientOrderId) {
        return this.machines.has(clientOrderId);
    }
    get(clientOrderId) {
        return this.machines.get(clientOrderId)?.order;
    }
    machine(clientOrderId) {
        return this.machines.get(clientOrderId);
    }
    /** Starts tracking a new order (PENDING_SUBMIT unless stated, e.g. for orders adopted on reconcile). */
    track(request, now, status = 'PENDING_SUBMIT') {
        const machine = new order_state_machine_1.OrderStateMachine(request, now, status);
        this.machines.set(request.clientOrderId, machine);
        this.noteIfClosed(machine);
        return machine.order;
    }
    transition(clientOrderId, to, now, patch) {
        const machine = this.machines.get(clientOrderId);
        if (!machine)
            return undefined;
        const before = machine.order;
        const order = machine.transition(to, now, patch);
        this.noteIfClosed(machine);
        return { changed: order !== before, order, previousStatus: before.status };
    }
    applyFill(fill, now) {
        const machine = this.machines.get(fill.clientOrderId);
        if (!machine)
            return undefined;
        const previousStatus = machine.status;
        const result = machine.applyFill(fill, now);
        this.noteIfClosed(machine);
        return { ...result, previousStatus };
    }
    open(symbol) {
        const out = [];
        for (const machine of this.machines.values()) {
            if (!machine.isTerminal && (symbol === undefined || machine.order.request.instrument.symbol === symbol)) {
                out.push(machine.order);
            }
        }
        return out;
    }
    all() {
        return [...this.machines.values()].map((m) => m.order);
    }
    noteIfClosed(machine) {
        const id = machine.order.clientOrderId;
        if (!machine.isTerminal || this.closedSet.has(id))
            return;
        this.closedSet.add(id);
        this.closedOrder.push(id);
        while (this.closedOrder.length > this.maxClosedOrders) {
            const evicted = this.closedOrder.shift();
            this.closedSet.delete(evicted);
            this.machines.delete(evicted);
        }
    }
}
exports.OrderTracker = OrderTracker;
//# sourceMappingURL=order-tracker.js.map