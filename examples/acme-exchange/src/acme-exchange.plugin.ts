import type { BrokerPluginManifest } from '@silvertine/core';
import { AcmeExchangeBroker } from './acme-exchange.broker';

/** Listed under `plugins:` in a Silvertine YAML config; registers the `acme-exchange` broker type. */
export const plugin: BrokerPluginManifest = {
  name: '@acme/acme-exchange',
  version: '0.1.0',
  brokers: [AcmeExchangeBroker],
};
