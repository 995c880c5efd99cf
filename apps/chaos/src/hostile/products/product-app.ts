import { readFile } from 'node:fs/promises';
import type { Broker } from '@silvertine/core';
import { parseConfig, resolveSafetyPaths } from '@silvertine/config';
import { closeComposition, composeApp, type AppComposition } from '@silvertine/composition';
import { parseJournalText } from '@silvertine/resilience';
import type { AttackContext } from '../attack.types';
import { ProductEvents } from './product-events';

/**
 * The `resilience:` section of the product YAMLs, as a user on a live venue writes it: the safety
 * stack's defaults (journal with fsync always, reconciliation at connect and after every reconnect,
 * kill switch), its state directory beside the file (`state_dir` is relative to the config file, here
 * the attack's temp dir) instead of the shared `~/.silvertine`.
 */
export const SAFETY_YAML = `resilience:
  state_dir: state
`;

/**
 * The product as `silvertine run` composes it: a YAML text with `${VAR}` secrets, parsed by
 * @silvertine/config (its directory the attack's temp dir) and composed by @silvertine/composition's
 * `composeApp`, the same path apps/silvertine's AppContext and the chaos rigs take: core's bus,
 * monitoring's metrics as every broker's sink, the plugins, BrokerFactory, and the safety stack the
 * YAML's `resilience:` section asks for (journal, reconciliation at connect and after every reconnect,
 * kill switch; on by default for every broker that is not paper). Plus what the attacks watch: the
 * bus's events and the metrics.
 */
export class ProductApp {
  private constructor(readonly app: AppComposition, readonly events: ProductEvents, private readonly ctx: AttackContext) {}

  /** Parses `yaml` with `env` as the environment (secrets registered with the scan) and composes it. */
  static async create(ctx: AttackContext, yaml: string, env: Readonly<Record<string, string>>): Promise<ProductApp> {
    for (const [name, value] of Object.entries(env)) if (/KEY|SECRET|TOKEN/.test(name)) ctx.addSecret(value);
    const config = await parseConfig(yaml, { env, dotenv: false, file: 'hostile.yaml', baseDir: ctx.tmpDir });
    const app = await composeApp({ config, logger: ctx.logger });
    return new ProductApp(app, new ProductEvents(ctx, app.bus), ctx);
  }

  /** Creates and connects the named broker (what `silvertine run` does for each enabled one): journaled, reconciled, under the kill switch. */
  broker(name: string): Promise<Broker> {
    return this.app.factory.createBroker(name);
  }

  /** The Prometheus text of the metrics (exposed to the secret scan). */
  async metricsText(): Promise<string> {
    if (!this.app.monitoring) throw new Error('the product YAML turned monitoring off: no metrics to read');
    const text = await this.app.monitoring.metrics.metricsText();
    this.ctx.expose('metrics', text);
    return text;
  }

  /** Sum of `silvertine_venue_messages_rejected_total` over its labels. */
  async rejectedMessages(): Promise<number> {
    const text = await this.metricsText();
    let total = 0;
    for (const line of text.split('\n')) if (line.startsWith('silvertine_venue_messages_rejected_total')) total += Number(line.split(' ').pop());
    return total;
  }

  /**
   * Closes what the composition built (monitoring, brokers, the safety stack flushing its journal, the
   * bus), then judges the journal it left.
   */
  async close(): Promise<void> {
    await this.metricsText().catch(() => undefined);
    this.events.close();
    await closeComposition(this.app);
    await this.judgeJournal();
  }

  /**
   * The safety stack's side of the oracle, read from the closed journal as a restart would: every record
   * readable and none cut short (a hostile payload must not make it record garbage), and the fills it
   * holds exactly the fills the brokers applied (a fill journaled but not applied would be counted at
   * the restart; one applied but not journaled would be applied again).
   */
  private async judgeJournal(): Promise<void> {
    if (!this.app.safety) {
      this.ctx.wrong('the product was composed without its safety stack (the YAML leaves `resilience:` at its defaults)');
      return;
    }
    const text = await readFile(resolveSafetyPaths(this.app.config).journalFile, 'utf8').catch(() => undefined);
    if (text === undefined) return; // no live broker got as far as its journal
    const replay = parseJournalText(text);
    if (replay.corruptRecords > 0 || replay.truncatedTail) this.ctx.wrong(`journal: ${replay.corruptRecords} unreadable record(s), tail cut short: ${replay.truncatedTail}`);
    const journaled = new Set([...replay.fillsSeen.values()].flatMap((ids) => [...ids]));
    const applied = new Set(this.events.fills.map((f) => f.tradeId));
    for (const id of journaled) if (!applied.has(id)) this.ctx.wrong(`journal: fill ${id} journaled but never applied`);
    for (const id of applied) if (!journaled.has(id)) this.ctx.wrong(`journal: fill ${id} applied but not journaled`);
    this.ctx.note(`journal: ${replay.records} record(s), ${replay.orders.size} order(s), ${journaled.size} fill(s)`);
  }
}
