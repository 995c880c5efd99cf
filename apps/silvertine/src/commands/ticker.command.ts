import { offersTicker, TemporaryConnectionError } from '@silvertine/core';
import { flag, parseArgv } from '../cli/argv';
import { decodeSymbol } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT, UserError } from '../cli/exit-codes';
import { toJson } from '../output/formatting';
import { readTicker, type Ticker } from '../venue/ticker';
import { BROKER_OPTIONS, withBroker, type BrokerSession } from './broker-session';
import { instrumentOf } from './order.command';

/** `silvertine ticker <symbol>` */
export const tickerCommand: CommandSpec = {
  name: 'ticker',
  usage: ['silvertine ticker <symbol> [--broker <name>] [--config <file>] [--json]'],
  summary: "Prints the best bid and ask (with sizes) and the last price of one symbol, asked of the broker's venue.",
  details: [
    'The symbol must be an instrument of the broker. Binance brokers answer from REST ticker/bookTicker and ticker/price; IB brokers from one TWS market data snapshot (reqMktData, delayed ticks when market_data_type asks for them).',
    'A paper broker answers from the market data it was fed, and this command feeds it none: it exits 2 saying so (ask a venue broker with --broker). A broker without the ticker capability exits 2 too.',
  ],
  async run(args, io) {
    const parsed = parseArgv(args, BROKER_OPTIONS);
    refuseExtraArguments(tickerCommand, parsed.positionals, 1);
    const symbol = decodeSymbol(parsed.positionals[0]);
    return withBroker(parsed, io, async (session) => {
      await instrumentOf(session, symbol);
      if (!offersTicker(session.broker)) throw new UserError(`broker ${session.name} offers no ticker (it does not declare the TICKER capability): ask a Binance or IB broker (--broker <name>)`, EXIT.USAGE);
      const ticker = await readTicker(session.broker, symbol).catch((error: unknown) => {
        throw explained(session, error);
      });
      io.out(flag(parsed, 'json') ? toJson(ticker) : formatTicker(ticker));
      return EXIT.OK;
    });
  },
};

/**
 * A paper broker's "no market data yet" is retryable in a running process, never in this one: the command
 * plays no market_data feed, so it is the user's choice of broker, not an unreachable venue.
 */
function explained({ app, name }: BrokerSession, error: unknown): unknown {
  if (app.config.brokers[name]?.type !== 'paper' || !(error instanceof TemporaryConnectionError)) return error;
  return new UserError(`${error.message}; \`silvertine ticker\` plays no market_data feed (\`silvertine run\` does): ask a Binance or IB broker (--broker <name>)`, EXIT.USAGE);
}

/** `BTCUSDT  bid 49999.99 x 1.5  ask 50000.01 x 2  last 50000` (a missing figure is "-"). */
function formatTicker(t: Ticker): string {
  const side = (price: unknown, size: unknown) => (price === undefined ? '-' : `${String(price)}${size === undefined ? '' : ` x ${String(size)}`}`);
  return `${t.symbol}  bid ${side(t.bid, t.bidSize)}  ask ${side(t.ask, t.askSize)}  last ${t.last === undefined ? '-' : t.last.toString()}`;
}
