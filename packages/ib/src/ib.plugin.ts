import { InteractiveBrokersBroker } from './ib.broker';

/**
 * The plugin manifest: importing it (or naming `@silvertine/ib` under `plugins:` in YAML) is what
 * registers the `ib` broker type; the decorator on the class only records metadata.
 */
export const plugin = {
  name: '@silvertine/ib',
  brokers: [InteractiveBrokersBroker],
} as const;
