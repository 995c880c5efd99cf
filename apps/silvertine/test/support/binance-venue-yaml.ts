/** The emulator's address and keys, as `startBinanceEmulator` returns them. */
interface EmulatorEndpoint {
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * The YAML lines that load the Binance plugin and declare broker `venue` on the emulator, up to and
 * including its `connection:` (requests time out after 5 s unless `requestTimeoutMs` says otherwise);
 * each test appends its own `trading:` line and the sections it needs.
 */
export function binanceVenueYaml(emulator: EmulatorEndpoint, options: { readonly requestTimeoutMs?: number } = {}): string[] {
  return [
    'plugins: ["@silvertine/binance"]',
    'brokers:',
    '  venue:',
    '    type: binance',
    `    credentials: { api_key: ${emulator.apiKey}, api_secret: ${emulator.apiSecret} }`,
    `    connection: { environment: custom, base_url: "${emulator.url}", ws_api_url: "${emulator.wsUrl}/ws-api/v3", stream_url: "${emulator.wsUrl}", request_timeout_ms: ${options.requestTimeoutMs ?? 5000} }`,
  ];
}
