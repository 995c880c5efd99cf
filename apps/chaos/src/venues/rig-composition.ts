import { dirname } from 'node:path';
import type { Broker, Logger } from '@silvertine/core';
import { camelToSnake, parseConfig } from '@silvertine/config';
import { closeComposition, composeApp, type AppComposition, type ComposeAppOptions } from '@silvertine/composition';
import { RESILIENCE_TOKENS, type KillSwitch, type ManagedOrderJournal, type Reconciler } from '@silvertine/resilience';

/** One broker of a rig's YAML: what a user would write under `brokers:`. */
export interface RigBrokerYaml {
  /** The plugin that registers `type` (`@silvertine/binance`, `@silvertine/ib`). */
  readonly plugin: string;
  readonly type: string;
  /** The broker's name in the file, which is also its id (and the journal's brokerId). */
  readonly name: string;
  /** The order journal (absolute); its directory is the rig's state directory. */
  readonly journalFile: string;
  /** `credentials:` values as written, e.g. `${CHAOS_BINANCE_API_KEY}` (resolved from `env`). */
  readonly credentials?: Readonly<Record<string, string>>;
  /** `connection:` keys in camelCase (written snake_case): URLs, ports, timeouts: the rig's fault hooks. */
  readonly connection: Readonly<Record<string, unknown>>;
  readonly trading?: Readonly<Record<string, unknown>>;
}

/** A YAML value: JSON is YAML (a quoted `${VAR}` is still substituted by config). */
function scalar(value: unknown): string {
  return JSON.stringify(value);
}

function flowMap(values: Readonly<Record<string, unknown>>): string {
  return `{ ${Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => `${camelToSnake(k)}: ${typeof v === 'object' && v !== null && !Array.isArray(v) ? flowMap(v as Record<string, unknown>) : scalar(v)}`).join(', ')} }`;
}

/**
 * The YAML a rig composes from, as a user of `silvertine run` would write it: the broker's plugin and
 * entry (the emulator's, or the FaultProxy's, address; connection timeouts), monitoring bound but not
 * served, and a `resilience:` section with the journal in the rig's temporary directory (fsync always),
 * reconciliation at connect and after every reconnect, and the kill switch (its state file per broker).
 */
export function rigYaml(broker: RigBrokerYaml): string {
  return [
    `plugins: [${JSON.stringify(broker.plugin)}]`,
    'monitoring: { enabled: true, host: 127.0.0.1, port: 0 }',
    'resilience:',
    `  state_dir: ${JSON.stringify(dirname(broker.journalFile))}`,
    `  journal: { kind: file, path: ${JSON.stringify(broker.journalFile)}, fsync: always }`,
    '  reconciliation: { on_connect: true, on_reconnect: true }',
    `  kill_switch: { state_file: ${JSON.stringify(`${broker.name}.kill-switch.json`)} }`,
    'brokers:',
    `  ${broker.name}:`,
    `    type: ${broker.type}`,
    ...(broker.credentials ? [`    credentials: ${flowMap(broker.credentials)}`] : []),
    `    connection: ${flowMap(broker.connection)}`,
    ...(broker.trading ? [`    trading: ${flowMap(broker.trading)}`] : []),
    '',
  ].join('\n');
}

/** The product a rig runs: the app's composition of its YAML, the broker built and connected by the factory. */
export interface ComposedRig<B extends Broker> {
  readonly app: AppComposition;
  readonly broker: B;
  /** The product's journal, reconciler and kill switch (resilience's bindings in the container). */
  readonly journal: ManagedOrderJournal;
  readonly reconciler: Reconciler;
  readonly killSwitch: KillSwitch;
  close(): Promise<void>;
}

export interface ComposeRigOptions {
  readonly yaml: string;
  /** The environment `${VAR}` references read (secrets stay out of the YAML text). */
  readonly env: Readonly<Record<string, string>>;
  readonly brokerName: string;
  readonly logger: Logger;
  /** Connect attempts (a WebSocket handshake can miss its timeout on a loaded machine); default 3. */
  readonly attempts?: number;
  /** The composition's test seam (see ComposeAppOptions.configure). */
  readonly configure?: ComposeAppOptions['configure'];
  /** Called once composed, before the broker is built (and reconciled at connect): attach observers to the bus here. */
  readonly beforeBroker?: (app: AppComposition) => void;
}

/**
 * Parses the YAML with @silvertine/config and composes it with @silvertine/composition, as
 * apps/silvertine's AppContext does, then builds the broker through the factory: connected, journaled,
 * reconciled with the venue (the journal's replay restored) and under the kill switch.
 */
export async function composeRig<B extends Broker>(options: ComposeRigOptions): Promise<ComposedRig<B>> {
  const config = await parseConfig(options.yaml, { env: { ...options.env }, dotenv: false, file: 'chaos-rig.yaml', baseDir: process.cwd() });
  const app = await composeApp({ config, logger: options.logger, configure: options.configure });
  try {
    options.beforeBroker?.(app);
    const attempts = options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const broker = (await app.factory.createBroker(options.brokerName)) as B;
        const { container } = app;
        return {
          app, broker,
          journal: container.get(RESILIENCE_TOKENS.OrderJournal),
          reconciler: container.get(RESILIENCE_TOKENS.Reconciler),
          killSwitch: container.get(RESILIENCE_TOKENS.KillSwitch),
          close: () => closeComposition(app),
        };
      } catch (error) {
        // A failed connect leaves nothing open (the factory forgets it), so it is tried again.
        const code = (error as { code?: string }).code;
        if (attempt >= attempts || (code !== 'TEMPORARY_CONNECTION' && code !== 'TIMEOUT')) throw error;
      }
    }
  } catch (error) {
    await closeComposition(app);
    throw error;
  }
}
