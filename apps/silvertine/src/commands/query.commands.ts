import { flag, parseArgv } from '../cli/argv';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import type { CommandIo } from '../cli/command-io';
import { EXIT } from '../cli/exit-codes';
import { formatBalance, formatOrder, formatPosition, toJson } from '../output/formatting';
import type { Broker } from '@silvertine/core';
import { BROKER_OPTIONS, withBroker } from './broker-session';

type Query = 'orders' | 'positions' | 'balances' | 'account';

/** A read command's work: ask the broker, print the answer (one line per item, or JSON). */
interface Read {
  readonly summary: string;
  print(broker: Broker, json: boolean, io: CommandIo): Promise<void>;
}

/** A read that lists items, one formatted line each (a JSON array with --json). */
function list<T>(summary: string, fetch: (broker: Broker) => Promise<readonly T[]>, line: (item: T) => string): Read {
  return {
    summary,
    async print(broker, json, io) {
      const items = await fetch(broker);
      if (json) io.out(toJson(items));
      else for (const item of items) io.out(line(item));
    },
  };
}

const READS: Readonly<Record<Query, Read>> = {
  orders: list('Lists the open orders.', (b) => b.getOpenOrders(), formatOrder),
  positions: list("Lists the venue's positions.", (b) => b.getPositions(), formatPosition),
  balances: list('Lists the balances per asset.', (b) => b.getBalances(), formatBalance),
  account: {
    summary: 'Prints the account summary (equity, margin, balances) as JSON.',
    print: async (broker, _json, io) => io.out(toJson(await broker.getAccountInfo(), 2)),
  },
};

function queryCommand(what: Query): CommandSpec {
  const spec: CommandSpec = {
    name: what,
    usage: [`silvertine ${what} [--broker <name>] [--config <file>] [--json]`],
    summary: READS[what].summary,
    async run(args, io) {
      const parsed = parseArgv(args, BROKER_OPTIONS);
      refuseExtraArguments(spec, parsed.positionals, 0);
      return withBroker(parsed, io, async (session) => {
        await READS[what].print(session.broker, flag(parsed, 'json'), io);
        return EXIT.OK;
      });
    },
  };
  return spec;
}

/** `silvertine orders|positions|balances|account`: reads from the named broker. */
export const QUERY_COMMANDS: readonly CommandSpec[] = (['orders', 'positions', 'balances', 'account'] as const).map(queryCommand);
