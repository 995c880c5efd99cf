/**
 * A small trading process for the SIGKILL scenarios: connects a BinanceBroker on a FileOrderJournal,
 * places one order, reports on stdout when it reached its kill point, then waits to be killed.
 * Run by the parent as `node -r tools/scripts/register-ts.js trading-child.ts` with CHAOS_CHILD set.
 */
import { BinanceBroker, binanceConfig } from '@silvertine/binance';
import { createLogger, dec, type OrderJournal } from '@silvertine/core';
import { FileOrderJournal } from '@silvertine/resilience';
import * as winston from 'winston';
import { AT, READY, type ChildOrders } from './child-protocol';

const orders = JSON.parse(process.env.CHAOS_CHILD ?? '{}') as ChildOrders;
const say = (line: string) => process.stdout.write(`${line}\n`);
const forever = () => new Promise<never>(() => undefined);

/** Journals the submit, says so, and never returns: the process dies between journal and send. */
function stopAfterJournal(journal: FileOrderJournal): OrderJournal {
  return {
    recordSubmit: async (brokerId, request, at) => {
      await journal.recordSubmit(brokerId, request, at);
      say(`${AT} journal`);
      return forever();
    },
    recordUpdate: (brokerId, order) => journal.recordUpdate(brokerId, order),
    recordFill: (brokerId, fill) => journal.recordFill(brokerId, fill),
  };
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'debug', secrets: [orders.apiKey, orders.apiSecret], transports: [new winston.transports.File({ filename: orders.logFile })] });
  const file = new FileOrderJournal({ path: orders.journalFile, fsync: 'always' });
  await file.open();
  const broker = new BinanceBroker({
    id: orders.brokerId, logger, journal: orders.point === 'journal' ? stopAfterJournal(file) : file,
    config: binanceConfig({
      apiKey: orders.apiKey, apiSecret: orders.apiSecret, environment: 'custom', baseUrl: orders.restUrl, wsApiUrl: orders.wsApiUrl,
      symbols: ['BTCUSDT'], requestTimeoutMs: 5_000, pingIntervalMs: 1_000, pongTimeoutMs: 3_000,
    }),
  });
  await broker.connect();
  const instrument = (await broker.instrument('BTCUSDT'));
  if (!instrument) throw new Error('BTCUSDT not loaded from exchangeInfo');
  if (orders.point === 'partial') {
    broker.fills$.subscribe((f) => {
      // The fill reached the journal (fsync always) before we say so.
      void file.flush().then(() => say(`${AT} partial ${f.tradeId}`));
    });
  }
  say(READY);
  const o = orders.order;
  await broker.placeOrder({
    clientOrderId: o.clientOrderId, instrument, side: o.side, type: o.type, quantity: dec(o.quantity),
    limitPrice: o.limitPrice === undefined ? undefined : dec(o.limitPrice), timeInForce: o.type === 'LIMIT' ? 'GTC' : undefined,
  });
  if (orders.point === 'ack') {
    await file.flush();
    say(`${AT} ack`);
  }
  await forever();
}

main().catch((error) => {
  process.stderr.write(`trading child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(3);
});
