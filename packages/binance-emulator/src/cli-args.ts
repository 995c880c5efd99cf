import type { BinanceEmulatorOptions } from './binance-emulator';

/** `USDT=100000,BTC=2` → `{ USDT: '100000', BTC: '2' }`. */
function pairs(text: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!k || v === undefined || !/^\d+(\.\d+)?$/.test(v)) throw new Error(`${flag}: expected NAME=NUMBER[,…], got "${part}"`);
    out[k.trim().toUpperCase()] = v.trim();
  }
  return out;
}

/** Usage text printed by --help. */
export const USAGE = `binance-emulator — Binance Spot API emulator on 127.0.0.1

  --port <n>              port (0 = a free one; default 0)
  --api-key <k>           accepted API key (default emulatorApiKey)
  --api-secret <s>        its HMAC secret (default emulatorApiSecret)
  --symbols A,B           symbols (default BTCUSDT)
  --balances X=n,Y=m      initial free balances
  --price S=p[,T=q]       initial last prices
  --level-qty <q>         size of each synthetic book level (default 10)
  --weight-limit <n>      REQUEST_WEIGHT per minute (default 6000)
  --orders-10s <n>        ORDERS per 10 s (default 50)
  --help`;

/** Parses CLI flags into options; throws with a message naming the bad flag. */
export function parseCliArgs(argv: readonly string[]): BinanceEmulatorOptions & { help?: boolean } {
  const opts: Record<string, unknown> = {};
  const rateLimits: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return { help: true };
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--port': opts.port = Number(value); break;
      case '--api-key': opts.apiKey = value; break;
      case '--api-secret': opts.apiSecret = value; break;
      case '--symbols': opts.symbols = value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean); break;
      case '--balances': opts.balances = pairs(value, flag); break;
      case '--price': case '--prices': opts.prices = pairs(value, flag); break;
      case '--level-qty': opts.levelQty = value; break;
      case '--weight-limit': rateLimits.requestWeightPerMinute = Number(value); break;
      case '--orders-10s': rateLimits.ordersPer10s = Number(value); break;
      default: throw new Error(`unknown flag ${flag}`);
    }
  }
  if (opts.port !== undefined && !Number.isInteger(opts.port)) throw new Error('--port: expected an integer');
  return { ...(opts as BinanceEmulatorOptions), rateLimits };
}
