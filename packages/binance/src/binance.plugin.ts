import type { BrokerPluginManifest } from '@silvertine/core';
import { BinanceBroker } from './binance.broker';

/** The manifest @silvertine/config loads when `@silvertine/binance` is listed under `plugins:`. */
export const plugin: BrokerPluginManifest = {
  name: '@silvertine/binance',
  version: '0.1.0',
  brokers: [BinanceBroker],
};
