import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { dec, type Broker } from '@silvertine/core';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../../harness/secrets';
import type { Attack, AttackClass, AttackContext } from '../attack.types';
import { settle } from '../attack-context';
import { settles } from '../../harness/wait';
import { binanceEnv, binanceYaml } from '../products/binance-product';
import { ProductApp } from '../products/product-app';

/**
 * The product (YAML → BrokerFactory) against the Binance emulator, a fault injected through the
 * emulator's own control interface around a resting BUY: the order must end as the emulator holds it,
 * and an execution the emulator then prints must be applied once (the broker still trades).
 */
async function emulatorFault(ctx: AttackContext, inject: (emulator: BinanceEmulator, broker: Broker, place: () => Promise<string>) => Promise<string>, requestTimeoutMs?: number): Promise<void> {
  const emulator = await startBinanceEmulator({
    port: 0, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, symbols: ['BTCUSDT', 'ETHUSDT'],
    balances: { USDT: '100000', BTC: '1', ETH: '10' }, prices: { BTCUSDT: '50000', ETHUSDT: '3000' },
  });
  const app = await ProductApp.create(ctx, binanceYaml({ marketData: false, requestTimeoutMs }), binanceEnv(emulator));
  try {
    const connected = await settle(ctx, 'connect', 10_000, () => app.broker('hostile'));
    if (!connected.ok) throw new Error(`the broker did not connect to the emulator: ${String(connected.error)}`);
    const broker = connected.value;
    let n = 0;
    const place = async () => {
      const clientOrderId = `ef${process.pid}x${++n}`;
      const instrument = await broker.instrument('BTCUSDT');
      if (!instrument) throw new Error('BTCUSDT not loaded');
      await settle(ctx, `place ${clientOrderId}`, 6_000, () => broker.placeOrder({ clientOrderId, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.002'), limitPrice: dec('40000'), timeInForce: 'GTC' }));
      return clientOrderId;
    };
    const id = await inject(emulator, broker, place);
    const acceptedAtVenue = () => emulator.control.receivedOrders(id).filter((r) => r.orderId !== undefined).length;
    // A delayed request reaches the emulator after the client gave up.
    await settles(() => acceptedAtVenue() > 0, 5_000);
    const atVenue = acceptedAtVenue();
    if (atVenue !== 1) throw new Error(`the attack meant the emulator to accept ${id} once (accepted ${atVenue} times)`);
    const accepted = await app.events.settledOrder(broker, id, (o) => o.status === 'ACCEPTED', 8_000);
    if (!accepted) ctx.wrong(`order ${id} ended ${(await broker.getOrder(id))?.status ?? '(unknown)'}; the emulator holds it working`);
    emulator.control.trade('BTCUSDT', '40000', '0.001');
    const filled = await app.events.settledOrder(broker, id, (o) => o.filledQuantity.eq(dec('0.001')), 6_000);
    if (!filled) ctx.wrong(`an execution of 0.001 at the emulator was not applied (filled ${(await broker.getOrder(id))?.filledQuantity.toString()})`);
  } finally {
    await app.close();
    await emulator.close();
  }
}

function fault(id: string, cls: AttackClass, input: string, inject: Parameters<typeof emulatorFault>[1], requestTimeoutMs?: number): Attack {
  return {
    id, class: cls, input: `Binance emulator fault control: ${input}`,
    oracle: 'process alive; the order ends as the emulator holds it (working, sent once); its next execution is applied once; no secret anywhere',
    run: (ctx) => emulatorFault(ctx, inject, requestTimeoutMs),
  };
}

/** The emulator's own faults against the product, beside the hostile venue's. */
export const BINANCE_EMULATOR_FAULT_ATTACKS: readonly Attack[] = [
  fault('bn-emu-malformed-frame', 'binance user-data frames', 'sendMalformedFrame on every socket after the order rests', async (emulator, _broker, place) => {
    const id = await place();
    emulator.control.sendMalformedFrame();
    return id;
  }),
  fault('bn-emu-accept-then-5xx', 'binance REST bodies', 'acceptThen5xx on POST /api/v3/order (placed, answered 503 -1007)', async (emulator, _broker, place) => {
    emulator.control.injectFault({ kind: 'acceptThen5xx', match: '/api/v3/order', transport: 'rest' });
    return place();
  }),
  fault('bn-emu-delay-past-timeout', 'binance REST bodies', 'delay 700 ms on POST /api/v3/order: placed inside the 1 s recvWindow after the 300 ms request timeout', async (emulator, _broker, place) => {
    emulator.control.injectFault({ kind: 'delay', delayMs: 700, match: '/api/v3/order', transport: 'rest' });
    return place();
  }, 300),
  fault('bn-emu-drop-account', 'binance REST bodies', 'drop (socket destroyed) on three GET /api/v3/account reads after the order rests', async (emulator, broker, place) => {
    const id = await place();
    emulator.control.injectFault({ kind: 'drop', match: '/api/v3/account', transport: 'rest', count: 3 });
    await broker.getBalances().catch(() => undefined);
    return id;
  }),
];
