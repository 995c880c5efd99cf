"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=market-data.js.map