import type { BrokerPluginManifest } from '@silvertine/core';
import { PaperTradingBroker } from './broker/paper-trading.broker';

/** Listed under `plugins:` in a Silvertine YAML config; registers the `paper` broker type. */
export const plugin: BrokerPluginManifest = {
  name: '@silvertine/paper',
  version: '0.1.0',
  brokers: [PaperTradingBroker],
};
