import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { EventBus, ManualClock, dec } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { KillSwitch } from './kill-switch';
import { readKillSwitchState, writeKillSwitchState } from './kill-switch-state';

const limit = (id: string) => ({ clientOrderId: id, instrument: testInstrument(), side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('40000') });

describe('KillSwitch following its state file (another process engages and releases it)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kill-follow-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('engages (sweeping open orders) and releases when the file changes, without writing it back', async () => {
    const clock = new ManualClock(1_000);
    const stateFile = path.join(dir, 'state', 'kill-switch.json');
    const broker = new ReferenceBroker({ id: 'b', config: { cash: { USDT: dec(1_000_000) } }, clock, bus: new EventBus() });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    const kill = new KillSwitch({ clock, stateFile, watchStateFile: true, brokers: [broker] });
    kill.install();
    await kill.restore();
    await broker.placeOrder(limit('resting'));

    const engaged = firstValueFrom(kill.engaged$.pipe(filter((r) => r !== undefined)));
    const canceled = firstValueFrom(broker.orders$.pipe(filter((o) => o.clientOrderId === 'resting' && o.status === 'CANCELED')));
    await writeKillSwitchState(stateFile, { engaged: true, reason: 'operator from another shell', at: 5_000 });
    expect(await engaged).toBe('operator from another shell');
    await canceled;
    await expect(broker.placeOrder(limit('refused'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    // the file is what the other process wrote, not this process's copy of it
    expect(await readKillSwitchState(stateFile)).toEqual({ engaged: true, reason: 'operator from another shell', at: 5_000 });

    const released = firstValueFrom(kill.engaged$.pipe(filter((r) => r === undefined)));
    await writeKillSwitchState(stateFile, { engaged: false, at: 6_000 });
    await released;
    await expect(broker.placeOrder(limit('passes'))).resolves.toMatchObject({ status: 'ACCEPTED' });

    kill.close();
    await broker.disconnect();
  });

  it('its own engage, seen again by the watcher, does not sweep a second time', async () => {
    const clock = new ManualClock(1_000);
    const stateFile = path.join(dir, 'kill-switch.json');
    const broker = new ReferenceBroker({ id: 'b', config: { cash: { USDT: dec(1_000_000) } }, clock, bus: new EventBus() });
    await broker.connect();
    const kill = new KillSwitch({ clock, stateFile, watchStateFile: true, brokers: [broker] });
    await kill.restore();
    const sweeps = jest.spyOn(broker, 'getOpenOrders');
    await kill.engage('here');
    // a later change from outside is applied after every earlier event of the file: once it is, the
    // watcher has seen this process's own write too
    const released = firstValueFrom(kill.engaged$.pipe(filter((r) => r === undefined)));
    await writeKillSwitchState(stateFile, { engaged: false, at: 9_000 });
    await released;
    expect(sweeps).toHaveBeenCalledTimes(1);
    kill.close();
    await broker.disconnect();
  });
});
