"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=instrument.js.map