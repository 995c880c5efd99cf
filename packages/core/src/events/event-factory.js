"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createEvent = createEvent;
const node_crypto_1 = require("node:crypto");
/**
 * Stamps an event with a fresh id and a timestamp (from the given clock, so tests in virtual time get
 * virtual timestamps).
 */
function createEvent(input, now = Date.now()) {
    return { ...input, id: (0, node_crypto_1.randomUUID)(), timestamp: now };
}
//# sourceMappingURL=event-factory.js.map