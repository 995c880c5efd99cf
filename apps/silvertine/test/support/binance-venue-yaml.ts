import { binanceEmulatorBrokerYaml, type BinanceEmulatorEndpoint } from '@silvertine/binance-emulator/testing';

/**
 * The YAML lines that load the Binance plugin and declare broker `venue` on the emulator, up to and
 * including its `connection:` (requests time out after 5 s unless `requestTimeoutMs` says otherwise);
 * each test appends its own `trading:` line and the sections it needs. The emulator's own builder,
 * shared with the e2e runs.
 */
export function binanceVenueYaml(emulator: BinanceEmulatorEndpoint, options: { readonly requestTimeoutMs?: number } = {}): string[] {
  return binanceEmulatorBrokerYaml(emulator, options);
}
