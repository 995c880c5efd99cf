/**
 * Credentials used by every scenario. Distinctive, so that the log scan can find them anywhere in the
 * captured output; loopback emulators only.
 */
/** Binance API key of the emulators. */
export const BINANCE_API_KEY = 'chaosApiKeyQ7Zx31mW';
/** Its HMAC secret. */
export const BINANCE_API_SECRET = 'chaosSecretMustNeverBeLoggedR5t9Kp2';

/** Every literal secret the scan looks for. */
export const SECRETS: readonly string[] = [BINANCE_API_KEY, BINANCE_API_SECRET];

/** Bearer token of the monitoring server in the hostile suite. */
export const MONITORING_TOKEN = 'chaosMonitoringTokenZ8q4Lw0Vx';
