import { EventBus, ManualClock, dec, type AlertEvent } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { flushMicrotasks } from '../testing/virtual-time';
import { KillSwitch } from './kill-switch';

const instrument = testInstrument();
const limit = (id: string) => ({ clientOrderId: id, instrument, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('40000') });

async function setup() {
  const clock = new ManualClock(0);
  const bus = new EventBus();
  const alerts: AlertEvent[] = [];
  bus.alerts$.subscribe((a) => alerts.push(a));
  const a = new ReferenceBroker({ id: 'a', config: { cash: { USDT: dec(1_000_000) } }, clock, bus });
  const b = new ReferenceBroker({ id: 'b', config: { cash: { USDT: dec(1_000_000) } }, clock, bus });
  for (const broker of [a, b]) {
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
  }
  await a.placeOrder(limit('a1'));
  await a.placeOrder(limit('a2'));
  await b.placeOrder(limit('b1'));
  const kill = new KillSwitch({ brokers: [a, b], clock, bus });
  kill.install();
  return { a, b, kill, alerts };
}

describe('KillSwitch', () => {
  it('blocks new orders with KILL_SWITCH and cancels every open order on every broker; repeat is harmless', async () => {
    const { a, b, kill, alerts } = await setup();
    const report = await kill.engage('operator');
    expect(report.canceled.map((c) => c.clientOrderId).sort()).toEqual(['a1', 'a2', 'b1']);
    expect(await a.getOpenOrders()).toEqual([]);
    expect(await b.getOpenOrders()).toEqual([]);
    await expect(a.placeOrder(limit('a3'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    await expect(b.placeOrder(limit('b2'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    const again = await kill.engage('operator again');
    expect(again).toMatchObject({ canceled: [], failed: [], deferred: [] });
    expect(alerts.filter((x) => x.message.startsWith('kill switch engaged'))).toHaveLength(1);
    expect(alerts[0].severity).toBe('CRITICAL');
    kill.release();
    await expect(a.placeOrder(limit('a4'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    kill.close();
    await a.disconnect();
    await b.disconnect();
  });

  it('records the intent for a disconnected broker and cancels its orders when it reconnects', async () => {
    const { a, b, kill } = await setup();
    await b.disconnect();
    const report = await kill.engage('risk breach');
    expect(report.deferred).toEqual(['b']);
    expect((await b.getOpenOrders()).map((o) => o.clientOrderId)).toEqual(['b1']);
    await b.connect();
    await flushMicrotasks();
    expect(await b.getOpenOrders()).toEqual([]);
    expect((await b.getOrder('b1'))!.status).toBe('CANCELED');
    kill.close();
    await a.disconnect();
    await b.disconnect();
  });
});
