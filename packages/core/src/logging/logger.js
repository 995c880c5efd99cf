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
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.createLogger = createLogger;
exports.createSilentLogger = createSilentLogger;
const winston = __importStar(require("winston"));
const noop_logger_1 = require("./noop-logger");
const redaction_1 = require("./redaction");
/**
 * A structured JSON logger. Redaction runs as a format before every transport, so no transport can
 * receive a secret, whatever the caller logged.
 */
function createLogger(options = {}) {
    const secrets = [...(options.secrets ?? [])];
    const redactFormat = winston.format((info) => {
        for (const key of Object.keys(info)) {
            const redacted = (0, redaction_1.redact)({ [key]: info[key] }, secrets);
            info[key] = redacted[key];
        }
        return info;
    });
    return winston.createLogger({
        level: options.level ?? 'info',
        silent: options.silent ?? false,
        format: winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json()),
        transports: options.transports ?? [new winston.transports.Console()],
    });
}
/** A logger that drops everything (the default in tests and libraries); costs nothing per call. */
function createSilentLogger() {
    return noop_logger_1.noopLogger;
}
//# sourceMappingURL=logger.js.map