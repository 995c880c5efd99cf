import { flag, parseArgv } from '../cli/argv';
import { decodeSymbol } from '../cli/argument-decoders';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT } from '../cli/exit-codes';
import { toJson } from '../output/formatting';
import { readTicker, type Ticker } from '../venue/ticker';
import { BROKER_OPTIONS, withBroker } from './broker-session';
import { instrumentOf } from './order.command';

/** `silvertine ticker <symbol>` */
export const tickerCommand: CommandSpec = {
  name: 'ticker',
  usage: ['silvertine ticker <symbol> [--broker <name>] [--config <file>] [--json]'],
  summary: "Prints the best bid and ask (with sizes) and the last price of one symbol, asked of the broker's venue.",
  details: ['The symbol must be an instrument of the broker. Binance brokers answer from REST ticker/bookTicker and ticker/price; IB brokers from one TWS market data snapshot (reqMktData, delayed ticks when market_data_type asks for them).'],
  async run(args, io) {
    const parsed = parseArgv(args, BROKER_OPTIONS);
    refuseExtraArguments(tickerCommand, parsed.positionals, 1);
    const symbol = decodeSymbol(parsed.positionals[0]);
    return withBroker(parsed, io, async (session) => {
      await instrumentOf(session, symbol);
      const ticker = await readTicker(session.broker, symbol);
      io.out(flag(parsed, 'json') ? toJson(ticker) : formatTicker(ticker));
      return EXIT.OK;
    });
  },
};

/** `BTCUSDT  bid 49999.99 x 1.5  ask 50000.01 x 2  last 50000` (a missing figure is "-"). */
function formatTicker(t: Ticker): string {
  const side = (price: unknown, size: unknown) => (price === undefined ? '-' : `${String(price)}${size === undefined ? '' : ` x ${String(size)}`}`);
  return `${t.symbol}  bid ${side(t.bid, t.bidSize)}  ask ${side(t.ask, t.askSize)}  last ${t.last === undefined ? '-' : t.last.toString()}`;
}
