"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
require("reflect-metadata");
__exportStar(require("./decimal/decimal"), exports);
__exportStar(require("./domain"), exports);
__exportStar(require("./errors/broker-error"), exports);
__exportStar(require("./errors/errors"), exports);
__exportStar(require("./ids/client-order-id"), exports);
__exportStar(require("./events/events"), exports);
__exportStar(require("./events/event-factory"), exports);
__exportStar(require("./events/event-bus"), exports);
__exportStar(require("./orders/order-transitions"), exports);
__exportStar(require("./orders/order-state-machine"), exports);
__exportStar(require("./orders/order-tracker"), exports);
__exportStar(require("./broker/connection-state"), exports);
__exportStar(require("./broker/capabilities"), exports);
__exportStar(require("./broker/broker"), exports);
__exportStar(require("./broker/broker-init"), exports);
__exportStar(require("./broker/abstract-broker"), exports);
__exportStar(require("./broker/order-request"), exports);
__exportStar(require("./broker/order-validator"), exports);
__exportStar(require("./clock/clock"), exports);
__exportStar(require("./clock/manual-clock"), exports);
__exportStar(require("./metrics/metrics-sink"), exports);
__exportStar(require("./logging/logger"), exports);
__exportStar(require("./logging/noop-logger"), exports);
__exportStar(require("./logging/redaction"), exports);
__exportStar(require("./registry/register-broker.decorator"), exports);
__exportStar(require("./registry/broker-registry"), exports);
__exportStar(require("./di/tokens"), exports);
__exportStar(require("./di/core.module"), exports);
__exportStar(require("./portfolio/position-ledger"), exports);
__exportStar(require("./journal/order-journal"), exports);
__exportStar(require("./risk/pre-trade-check"), exports);
__exportStar(require("./risk/risk-limits"), exports);
//# sourceMappingURL=index.js.map