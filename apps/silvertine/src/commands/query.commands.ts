import { ArgumentError, flag, parseArgv, stringOption, type OptionSpecs, type ParsedArgv } from '../cli/argv';
import { decodeCount } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import type { CommandIo } from '../cli/command-io';
import { EXIT } from '../cli/exit-codes';
import { formatBalance, formatOrder, formatPosition, toJson } from '../output/formatting';
import { closedOrders } from '../venue/closed-orders';
import { BROKER_OPTIONS, withBroker, type BrokerSession } from './broker-session';

type Query = 'orders' | 'positions' | 'balances' | 'account';

/** A read command's work: ask the broker, print the answer (one line per item, or JSON). */
interface Read {
  readonly summary: string;
  /** Options beyond the broker ones, with their usage text. */
  readonly options?: OptionSpecs;
  readonly usage?: string;
  readonly details?: readonly string[];
  /** Checks the arguments before anything connects. */
  check?(parsed: ParsedArgv): unknown;
  print(session: BrokerSession, parsed: ParsedArgv, io: CommandIo): Promise<void>;
}

/** A read that lists items, one formatted line each (a JSON array with --json). */
function list<T>(summary: string, fetch: (session: BrokerSession, parsed: ParsedArgv) => Promise<readonly T[]>, line: (item: T) => string, more: Partial<Read> = {}): Read {
  return {
    summary,
    ...more,
    async print(session, parsed, io) {
      const items = await fetch(session, parsed);
      if (flag(parsed, 'json')) io.out(toJson(items));
      else for (const item of items) io.out(line(item));
    },
  };
}

/** Closed orders listed unless --limit says otherwise. */
const DEFAULT_CLOSED_LIMIT = 20;

/** How many closed orders `orders` lists; undefined without --closed (open orders). */
function closedLimit(parsed: ParsedArgv): number | undefined {
  const text = stringOption(parsed, 'limit');
  if (!flag(parsed, 'closed')) {
    if (text !== undefined) throw new ArgumentError('--limit', 'goes with --closed');
    return undefined;
  }
  return text === undefined ? DEFAULT_CLOSED_LIMIT : decodeCount(text, '--limit');
}

const READS: Readonly<Record<Query, Read>> = {
  orders: list('Lists the open orders at the venue; with --closed, the most recent closed ones.', (session, parsed) => {
    const limit = closedLimit(parsed);
    return limit === undefined ? session.broker.getOpenOrders() : closedOrders(session, limit);
  }, formatOrder, {
    check: closedLimit,
    options: { closed: { type: 'boolean' }, limit: { type: 'string', value: '<n>' } },
    usage: '[--closed [--limit <n>]]',
    details: [
      'Open orders come from the venue, whichever process placed them. --closed lists FILLED, CANCELED, REJECTED and',
      `EXPIRED orders, newest first (${DEFAULT_CLOSED_LIMIT} unless --limit): for a live broker from the order journal of the`,
      'state directory, brought up to date with the venue at connect; a paper broker keeps none between processes.',
    ],
  }),
  positions: list("Lists the venue's positions.", ({ broker }) => broker.getPositions(), formatPosition),
  balances: list('Lists the balances per asset.', ({ broker }) => broker.getBalances(), formatBalance),
  account: {
    summary: 'Prints the account summary (equity, margin, balances) as JSON.',
    print: async ({ broker }, _parsed, io) => io.out(toJson(await broker.getAccountInfo(), 2)),
  },
};

function queryCommand(what: Query): CommandSpec {
  const spec: CommandSpec = {
    name: what,
    usage: [`silvertine ${what} ${READS[what].usage ? `${READS[what].usage} ` : ''}[--broker <name>] [--config <file>] [--json]`],
    summary: READS[what].summary,
    details: READS[what].details,
    async run(args, io) {
      const parsed = parseArgv(args, { ...BROKER_OPTIONS, ...READS[what].options });
      refuseExtraArguments(spec, parsed.positionals, 0);
      READS[what].check?.(parsed);
      return withBroker(parsed, io, async (session) => {
        await READS[what].print(session, parsed, io);
        return EXIT.OK;
      });
    },
  };
  return spec;
}

/** `silvertine orders|positions|balances|account`: reads from the named broker. */
export const QUERY_COMMANDS: readonly CommandSpec[] = (['orders', 'positions', 'balances', 'account'] as const).map(queryCommand);
