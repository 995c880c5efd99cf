"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=pre-trade-check.js.map