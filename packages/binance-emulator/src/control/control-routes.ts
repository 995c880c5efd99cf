import type { IncomingMessage, ServerResponse } from 'node:http';
import { ControlInputError, decimalInput, faultInput, integerInput, optionalDecimalInput, textInput, timeOffsetInput } from './control-input';
import type { EmulatorControl } from './emulator-control';

type Body = Record<string, unknown>;

/**
 * The control interface over HTTP on the emulator's own port, for tests in other processes:
 * `POST /emulator/price {symbol, price}`, `/emulator/quote {symbol, bid, ask, bidQty?, askQty?}`,
 * `/emulator/trade {symbol, price, qty}`, `/emulator/balance {asset, free}`, `/emulator/fault {kind, count…}`,
 * `/emulator/faults/clear`, `/emulator/websockets/drop`, `/emulator/websockets/half-open`,
 * `/emulator/server-shutdown`, `/emulator/time-offset {ms}`, `/emulator/maintenance {on}`,
 * `/emulator/rate-limits/reset`, `/emulator/depth-gap {symbol, count}` (withhold the next `count` diff depth
 * events), `/emulator/market-streams {paused}` (market streams silent while true, sockets open); `GET /emulator/orders[?clientOrderId=]`. Every field is decoded first
 * (decimals through core's bounded parsing, faults field by field): a bad one is answered 400 naming it.
 */
export function controlRoute(control: EmulatorControl) {
  return (req: IncomingMessage, res: ServerResponse, path: string, rawBody: string): boolean => {
    if (!path.startsWith('/emulator/')) return false;
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let body: Body = {};
    try {
      const parsed: unknown = rawBody ? JSON.parse(rawBody) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ControlInputError('body must be a JSON object');
      body = parsed as Body;
    } catch {
      reply(400, { error: 'body must be a JSON object' });
      return true;
    }
    try {
      const route = `${req.method} ${path}`;
      switch (route) {
        case 'POST /emulator/price': control.setPrice(textInput(body, 'symbol'), decimalInput(body, 'price')); break;
        case 'POST /emulator/quote':
          control.setQuote(textInput(body, 'symbol'), {
            bid: decimalInput(body, 'bid'), ask: decimalInput(body, 'ask'), bidQty: optionalDecimalInput(body, 'bidQty'), askQty: optionalDecimalInput(body, 'askQty'),
          });
          break;
        case 'POST /emulator/trade': control.trade(textInput(body, 'symbol'), decimalInput(body, 'price'), decimalInput(body, 'qty')); break;
        case 'POST /emulator/balance': control.setBalance(textInput(body, 'asset'), decimalInput(body, 'free', { allowZero: true })); break;
        case 'POST /emulator/fault': control.injectFault(faultInput(body)); break;
        case 'POST /emulator/faults/clear': control.clearFaults(); break;
        case 'POST /emulator/websockets/drop': control.dropWebSockets(); break;
        case 'POST /emulator/websockets/half-open': control.halfOpenWebSockets(); break;
        case 'POST /emulator/server-shutdown': control.sendServerShutdown(); break;
        case 'POST /emulator/time-offset': control.setTimeOffset(timeOffsetInput(body)); break;
        case 'POST /emulator/maintenance': control.setMaintenance(body.on === true); break;
        case 'POST /emulator/rate-limits/reset': control.resetRateLimits(); break;
        case 'POST /emulator/depth-gap': control.dropDepthUpdates(textInput(body, 'symbol'), integerInput(body, 'count', 1, 1_000_000)); break;
        case 'POST /emulator/market-streams': {
          if (typeof body.paused !== 'boolean') throw new ControlInputError('paused must be true or false');
          control.pauseMarketStreams(body.paused);
          break;
        }
        case 'GET /emulator/orders': {
          const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('clientOrderId');
          reply(200, control.receivedOrders(id ?? undefined));
          return true;
        }
        default:
          reply(404, { error: `unknown control route ${route}` });
          return true;
      }
      reply(200, { ok: true });
    } catch (e) {
      reply(400, { error: e instanceof Error ? e.message : String(e) });
    }
    return true;
  };
}
