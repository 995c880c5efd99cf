"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=order-journal.js.map