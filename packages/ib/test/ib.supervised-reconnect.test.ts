import { dec } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { AAPL, SAFETY_NET_MS, startRig, type Rig } from './support/harness';

/** The TWS socket under core's ConnectionSupervisor: the limits of the reconnect policy. */
describe('InteractiveBrokersBroker reconnect limits', () => {
  let rig: Rig;
  afterEach(() => rig.close());

  const errorState = () => waitFor(rig.broker.state$, (s) => s === 'ERROR', SAFETY_NET_MS, 'state ERROR');
  const reported = (pattern: RegExp) => waitFor(rig.bus.errors$, (e) => pattern.test(e.message), SAFETY_NET_MS, `an error ${pattern}`);

  it('gives up after maxAttempts failed attempts in a row and reports ERROR', async () => {
    rig = await startRig({ reconnect: { initialDelayMs: 20, maxDelayMs: 40, maxAttempts: 2 } });
    const gaveUp = reported(/gave up reconnecting after 2 attempts/);
    void rig.emulator.refuseConnections(60_000); // never back within the test: close() ends it
    rig.emulator.dropConnections();
    await errorState();
    await gaveUp;
    expect(rig.broker.state).toBe('ERROR');
  });

  it('with reconnect disabled a drop is final: ERROR, and orders are refused before any I/O', async () => {
    rig = await startRig({ reconnect: { enabled: false } });
    const disabled = reported(/reconnect is disabled/);
    rig.emulator.dropConnections();
    await errorState();
    await disabled;
    await expect(rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(140) })).rejects.toMatchObject({ code: 'TEMPORARY_CONNECTION' });
    expect(rig.emulator.orders()).toEqual([]);
  });
});
