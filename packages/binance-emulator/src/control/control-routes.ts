import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorControl } from './emulator-control';
import type { FaultSpec } from './fault-injector';

type Body = Record<string, unknown>;

/**
 * The control interface over HTTP on the emulator's own port, for tests in other processes:
 * `POST /emulator/price {symbol, price}`, `/emulator/quote {symbol, bid, ask, bidQty?, askQty?}`,
 * `/emulator/trade {symbol, price, qty}`, `/emulator/balance {asset, free}`, `/emulator/fault {kind, count…}`,
 * `/emulator/faults/clear`, `/emulator/websockets/drop`, `/emulator/websockets/half-open`,
 * `/emulator/server-shutdown`, `/emulator/time-offset {ms}`, `/emulator/maintenance {on}`,
 * `/emulator/rate-limits/reset`; `GET /emulator/orders[?clientOrderId=]`.
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
      body = rawBody ? (JSON.parse(rawBody) as Body) : {};
    } catch {
      reply(400, { error: 'body must be JSON' });
      return true;
    }
    const s = (k: string): string => String(body[k] ?? '');
    try {
      const route = `${req.method} ${path}`;
      switch (route) {
        case 'POST /emulator/price': control.setPrice(s('symbol'), s('price')); break;
        case 'POST /emulator/quote':
          control.setQuote(s('symbol'), { bid: s('bid'), ask: s('ask'), bidQty: body.bidQty as string | undefined, askQty: body.askQty as string | undefined });
          break;
        case 'POST /emulator/trade': control.trade(s('symbol'), s('price'), s('qty')); break;
        case 'POST /emulator/balance': control.setBalance(s('asset'), s('free')); break;
        case 'POST /emulator/fault': control.injectFault(body as unknown as FaultSpec); break;
        case 'POST /emulator/faults/clear': control.clearFaults(); break;
        case 'POST /emulator/websockets/drop': control.dropWebSockets(); break;
        case 'POST /emulator/websockets/half-open': control.halfOpenWebSockets(); break;
        case 'POST /emulator/server-shutdown': control.sendServerShutdown(); break;
        case 'POST /emulator/time-offset': control.setTimeOffset(Number(body.ms ?? 0)); break;
        case 'POST /emulator/maintenance': control.setMaintenance(body.on === true); break;
        case 'POST /emulator/rate-limits/reset': control.resetRateLimits(); break;
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
