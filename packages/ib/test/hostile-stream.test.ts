import type { ConnectionState } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator builds the corrupt bytes
import { encodeFrame, streamFaultBytes, type StreamFault } from '@silvertine/tws-emulator';
import { errorEvent, restingBuy, startHostileRig, stateIs, type HostileRig } from './support/hostile-rig';

/**
 * A TWS stream that cannot be trusted, over TCP: the broker must leave CONNECTED (not stay up over a
 * dead stream with every order ending UNKNOWN), report the corruption, reconnect, reconcile, and take
 * the next order as it did before.
 */
describe('InteractiveBrokersBroker over a corrupt TWS stream', () => {
  let rig: HostileRig;
  let states: ConnectionState[];

  beforeEach(async () => {
    rig = await startHostileRig({ frameStallMs: 400 });
    states = [];
    rig.broker.state$.subscribe((s) => states.push(s));
  });
  afterEach(() => rig.close());

  it.each<[string, StreamFault, RegExp]>([
    ['a length prefix of 0x7fffffff', { kind: 'length' }, /frame length 2147483647/],
    ['random bytes', { kind: 'random', count: 64, seed: 11 }, /frame length/],
    ['a frame whose message id no client knows', { kind: 'unknownMessage' }, /undecodable frame/],
    ['a frame cut short (the decoder runs out of fields)', { kind: 'truncatedMessage' }, /undecodable frame/],
    ['a plausible length whose body never comes', { kind: 'length', length: 1_000 }, /no byte of it arrived for \d+ ms/],
  ])('%s: drops, reports, reconnects, reconciles, and the next order is ACCEPTED', async (_what, fault, reason) => {
    const before = await restingBuy(rig);
    expect(before.status).toBe('ACCEPTED');
    const reconnected = stateIs(rig, 'RECONNECTING');

    rig.emulator.corruptStream(fault, rig.clientId);

    await reconnected;
    const reported = await errorEvent(rig, (e) => e.code === 'VENUE_PAYLOAD' && reason.test(e.message), 'the corruption reported');
    expect(reported.message).toMatch(/twsStream/);
    expect(rig.metrics.rejected).toContainEqual({ brokerId: 'ib-hostile', kind: 'twsStream' });
    await stateIs(rig, 'CONNECTED');
    expect(states).toEqual(['CONNECTED', 'RECONNECTING', 'CONNECTED']);

    const after = await restingBuy(rig, 141);
    expect(after.status).toBe('ACCEPTED');
    // the order resting before the corruption is still working, and TWS holds exactly these two
    expect((await rig.broker.getOrder(before.clientOrderId))!.status).toBe('ACCEPTED');
    expect(rig.emulator.orders().filter((o) => o.status === 'Submitted').map((o) => o.orderRef).sort()).toEqual([before.clientOrderId, after.clientOrderId].sort());
  });

  it('applies nothing that follows a corrupt frame in the same read (a cancel of a working order is not believed)', async () => {
    const order = await restingBuy(rig);
    const venueId = Number(order.venueOrderId);
    const reconnected = stateIs(rig, 'RECONNECTING');
    // one write: an undecodable frame, then a well-formed "Cancelled" for our order that TWS never meant
    const lie = encodeFrame(['3', String(venueId), 'Cancelled', '0', '10', '0', '1', '0', '0', String(rig.clientId), '', '0']);
    rig.emulator.corruptStream({ kind: 'raw', bytes: Buffer.concat([streamFaultBytes({ kind: 'unknownMessage' }), lie]) }, rig.clientId);
    await reconnected;
    await stateIs(rig, 'CONNECTED');
    // reconciled with TWS, where the order still works
    expect((await rig.broker.getOrder(order.clientOrderId))!.status).toBe('ACCEPTED');
    expect(rig.emulator.orders().find((o) => o.orderRef === order.clientOrderId)!.status).toBe('Submitted');
  });
});
