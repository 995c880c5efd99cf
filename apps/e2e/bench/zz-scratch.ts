import { dec, EventBus } from '@silvertine/core';
import { BinanceBroker, binanceConfig } from '@silvertine/binance';
import { startBinanceEmulator } from '@silvertine/binance-emulator';
async function main() {
  const emu = await startBinanceEmulator({ port: 0, apiKey: 'k', apiSecret: 's', symbols: ['BTCUSDT'], balances: { USDT: '10000000', BTC: '100' }, prices: { BTCUSDT: '50000' }, levelQty: '1000000', rateLimits: { ordersPer10s: 1e6, requestWeightPerMinute: 1e7, ordersPerDay: 1e7 } });
  const transport = (process.env.T ?? 'got') as 'got' | 'undici';
  const b = new BinanceBroker({ id: 'b', bus: new EventBus(), config: binanceConfig({ apiKey: 'k', apiSecret: 's', environment: 'custom', baseUrl: emu.url, wsApiUrl: `${emu.wsUrl}/ws-api/v3`, symbols: ['BTCUSDT'], requestTimeoutMs: 60000, transport }) });
  await b.connect();
  const inst = b.instrument('BTCUSDT')!;
  const N = Number(process.env.N ?? 1000);
  for (const conc of [false, true]) {
    const t = Date.now();
    if (conc) await Promise.all(Array.from({ length: N }, (_, i) => b.placeOrder({ instrument: inst, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity: dec('0.01') })));
    else for (let i = 0; i < N; i++) await b.placeOrder({ instrument: inst, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity: dec('0.01') });
    console.log(conc ? 'concurrent' : 'sequential', N, Date.now() - t, 'ms');
  }
  await b.disconnect(); await emu.close();
}
main();
