/**
 * A small trading process for the SIGKILL scenarios: composes the product from its YAML as `silvertine
 * run` does (@silvertine/composition: the broker from the factory under the safety stack, the order
 * journal from the `resilience:` section), places one order, reports on stdout when it reached its kill
 * point, then waits to be killed. Run by the parent as `node -r tools/scripts/register-ts.js
 * trading-child.ts` with CHAOS_CHILD set; the same child serves Binance and IB (the YAML names the plugin).
 */
import { createLogger, dec, serviceIdentifier, type Broker } from '@silvertine/core';
import { parseConfig } from '@silvertine/config';
import { closeComposition, composeApp } from '@silvertine/composition';
import { RESILIENCE_TOKENS, type ManagedOrderJournal } from '@silvertine/resilience';
import * as winston from 'winston';
import { AT, READY, type ChildOrders } from './child-protocol';

const orders = JSON.parse(process.env.CHAOS_CHILD ?? '{}') as ChildOrders;
const say = (line: string) => process.stdout.write(`${line}\n`);
const forever = () => new Promise<never>(() => undefined);

/** The product's journal, but the submit journaled never returns: the process dies between journal and send. */
function stopAfterJournal(journal: ManagedOrderJournal): ManagedOrderJournal {
  return new Proxy(journal, {
    get(target, property, receiver) {
      if (property !== 'recordSubmit') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<ManagedOrderJournal['recordSubmit']>) => {
        await target.recordSubmit(...args);
        say(`${AT} journal`);
        return forever();
      };
    },
  });
}

/** Writes what the journal buffered (fsync `always` has already; a no-op then). */
async function flush(journal: ManagedOrderJournal): Promise<void> {
  await (journal as ManagedOrderJournal & { flush?(): Promise<void> }).flush?.();
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'debug', secrets: Object.values(orders.env), transports: [new winston.transports.File({ filename: orders.logFile })] });
  const config = await parseConfig(orders.yaml, { env: { ...orders.env }, dotenv: false, file: 'chaos-child.yaml', baseDir: process.cwd() });
  const app = await composeApp({
    config, logger, monitoring: false,
    // The test seam: the product's own journal, wrapped so that the process stops right after the write.
    configure: orders.point === 'journal'
      ? (container) => container.onActivation(serviceIdentifier(RESILIENCE_TOKENS.OrderJournal), (_ctx, journal) => stopAfterJournal(journal))
      : undefined,
  });
  process.once('SIGTERM', () => void closeComposition(app).finally(() => process.exit(0)));
  const broker: Broker = await app.factory.createBroker(orders.brokerId);
  const journal = app.container.get(RESILIENCE_TOKENS.OrderJournal);
  const instrument = await broker.instrument(orders.symbol);
  if (!instrument) throw new Error(`${orders.symbol} not known to ${orders.brokerId}`);
  if (orders.point === 'partial') {
    broker.fills$.subscribe((f) => {
      // The fill reached the journal before we say so.
      void flush(journal).then(() => say(`${AT} partial ${f.tradeId}`));
    });
  }
  say(READY);
  const o = orders.order;
  await broker.placeOrder({
    clientOrderId: o.clientOrderId, instrument, side: o.side, type: o.type, quantity: dec(o.quantity),
    limitPrice: o.limitPrice === undefined ? undefined : dec(o.limitPrice), timeInForce: o.type === 'LIMIT' ? 'GTC' : undefined,
  });
  if (orders.point === 'ack') {
    await flush(journal);
    say(`${AT} ack`);
  }
  await forever();
}

main().catch((error) => {
  process.stderr.write(`trading child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(3);
});
