// Testing surface of @silvertine/binance-emulator: what a test needs to point a Silvertine app at the emulator.
export { binanceEmulatorBrokerYaml, type BinanceEmulatorEndpoint, type BinanceEmulatorBrokerYamlOptions } from './broker-yaml';
