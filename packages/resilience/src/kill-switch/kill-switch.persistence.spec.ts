import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EventBus, ManualClock, dec, type AlertEvent } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { KillSwitch } from './kill-switch';

const limit = (id: string) => ({ clientOrderId: id, instrument: testInstrument(), side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('40000') });

describe('KillSwitch across restarts and late brokers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kill-switch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function broker(id: string, clock: ManualClock): Promise<ReferenceBroker> {
    const b = new ReferenceBroker({ id, config: { cash: { USDT: dec(1_000_000) } }, clock, bus: new EventBus() });
    await b.connect();
    b.setPrice('BTCUSDT', dec('50000'));
    return b;
  }

  it('a restart keeps it engaged with its reason, until released, which the next restart keeps too', async () => {
    const clock = new ManualClock(1_000);
    const stateFile = path.join(dir, 'state', 'kill-switch.json');
    const first = new KillSwitch({ clock, stateFile });
    await first.engage('operator: runaway strategy');
    first.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ engaged: true, reason: 'operator: runaway strategy', at: 1_000 });

    const bus = new EventBus();
    const alerts: AlertEvent[] = [];
    bus.alerts$.subscribe((a) => alerts.push(a));
    const second = new KillSwitch({ clock, bus, stateFile });
    second.install();
    await second.restore();
    expect(second.reason).toBe('operator: runaway strategy');
    expect(alerts.map((a) => a.severity)).toEqual(['CRITICAL']);
    const b = await broker('b', clock);
    await second.addBroker(b);
    await expect(b.placeOrder(limit('b1'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    await second.release();
    await expect(b.placeOrder(limit('b2'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    second.close();

    const third = new KillSwitch({ clock, stateFile });
    await third.restore();
    expect(third.engaged).toBe(false);
    third.close();
    await b.disconnect();
  });

  it.each([
    ['not JSON', '{"engaged": tru'],
    ['a wrong type', '{"engaged": "yes"}'],
    ['an array', '[]'],
  ])('fails closed on a state file that is %s', async (_what, text) => {
    const stateFile = path.join(dir, 'kill-switch.json');
    writeFileSync(stateFile, text);
    const kill = new KillSwitch({ stateFile });
    await kill.restore();
    expect(kill.reason).toMatch(/^kill switch state file kill-switch\.json is unreadable/);
    kill.close();
  });

  it('a broker added while engaged has its open orders canceled at once and new ones refused', async () => {
    const clock = new ManualClock(0);
    const late = await broker('late', clock);
    await late.placeOrder(limit('l1'));
    const kill = new KillSwitch({ clock });
    kill.install();
    await kill.engage('risk');
    await kill.addBroker(late);
    expect((await late.getOrder('l1'))?.status).toBe('CANCELED');
    await expect(late.placeOrder(limit('l2'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    kill.removeBroker(late);
    kill.close();
    await late.disconnect();
  });
});
