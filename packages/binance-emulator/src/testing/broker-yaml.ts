/** The emulator's address and keys, as `startBinanceEmulator` returns them. */
export interface BinanceEmulatorEndpoint {
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** Knobs of `binanceEmulatorBrokerYaml`. */
export interface BinanceEmulatorBrokerYamlOptions {
  /** The broker's name under `brokers:` (default `venue`). */
  readonly name?: string;
  /** `connection.request_timeout_ms` (default 5000). */
  readonly requestTimeoutMs?: number;
}

/**
 * The lines of a Silvertine configuration that load the Binance plugin and declare a `binance` broker
 * on this emulator (`environment: custom`, its REST, WebSocket API and stream URLs, its keys), up to and
 * including the broker's `connection:`. The caller appends the broker's own keys (`trading:`,
 * `shadow:` …, indented four spaces) and the top-level sections it needs, then joins with newlines.
 */
export function binanceEmulatorBrokerYaml(emulator: BinanceEmulatorEndpoint, options: BinanceEmulatorBrokerYamlOptions = {}): string[] {
  return [
    'plugins: ["@silvertine/binance"]',
    'brokers:',
    `  ${options.name ?? 'venue'}:`,
    '    type: binance',
    `    credentials: { api_key: ${emulator.apiKey}, api_secret: ${emulator.apiSecret} }`,
    `    connection: { environment: custom, base_url: "${emulator.url}", ws_api_url: "${emulator.wsUrl}/ws-api/v3", stream_url: "${emulator.wsUrl}", request_timeout_ms: ${options.requestTimeoutMs ?? 5000} }`,
  ];
}
