import { dec } from '@silvertine/core';
import { commissionReport, errorMessage, executionData, nextValidId, orderStatus } from '@silvertine/tws-emulator';
import type { Attack } from '../attack.types';
import { honestPartial, ibAttackOf, injectExecution, type IbKit } from './ib-stream.kit';

const CONTRADICTION = 'process alive; the execution is not applied (order, fills, positions unchanged); a VENUE_CONTRADICTION is raised; MSFT still fills; a new order is ACCEPTED';
const CORRUPT = 'process alive; the corrupt stream is noticed (never CONNECTED over it): reconnect, executions replayed (the MSFT fill arrives once), a new order ACCEPTED; nothing else changes';

/** Seeded random bytes. */
function bytes(kit: IbKit, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(kit.ctx.random() * 256)));
}

/** An ORDER_STATUS of the target with fields replaced. */
function status(kit: IbKit, patch: { status?: string; filled?: string; remaining?: string }): string[] {
  const t = kit.twsTarget;
  const tokens = orderStatus({
    orderId: t.orderId, status: 'Submitted', filled: dec(0), remaining: dec(10), avgFillPrice: dec(0), permId: t.permId, parentId: 0,
    lastFillPrice: dec(0), clientId: t.clientId, whyHeld: '', mktCapPrice: dec(0),
  });
  if (patch.status !== undefined) tokens[2] = patch.status;
  if (patch.filled !== undefined) tokens[3] = patch.filled;
  if (patch.remaining !== undefined) tokens[4] = patch.remaining;
  return tokens;
}

/** The honest partial fill of the target replayed byte for byte (same execId). */
function replayHonest(kit: IbKit): void {
  const e = kit.tws.executions().find((x) => x.orderRef === kit.target.clientOrderId);
  if (!e) throw new Error('no honest execution to replay');
  kit.proxy.injectMessage(executionData(-1, { ...e, exchange: 'NASDAQ', time: '20261205 15:00:00 UTC' }));
  kit.proxy.injectMessage(commissionReport(e.execId, e.commission, e.commissionCurrency));
}

/** Hostile TWS messages and bytes between two honest messages of the emulator. */
export const IB_ATTACKS: readonly Attack[] = [
  ibAttackOf('ib-length-prefix-max', 'a length prefix of 0x7fffffff followed by garbage', (k) => void k.proxy.inject(Buffer.concat([Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from('garbage\0')])), { fast: true, oracle: CORRUPT, reported: 'none' }),
  ibAttackOf('ib-random-bytes', '64 seeded random bytes', (k) => void k.proxy.inject(bytes(k, 64)), { oracle: CORRUPT, reported: 'none' }),
  ibAttackOf('ib-empty-frame', 'a frame of length 0', (k) => void k.proxy.inject(Buffer.alloc(4)), { reported: 'none' }),
  ibAttackOf('ib-unknown-message-id', 'a message with id 9999', (k) => void k.proxy.injectMessage(['9999', '1', 'x']), { reported: 'none' }),
  ibAttackOf('ib-empty-fields', 'a message of three empty fields', (k) => void k.proxy.injectMessage(['', '', '']), { reported: 'none' }),
  ibAttackOf('ib-10mb-frame', 'a 10 MB message (under the 16 MB frame limit)', (k) => void k.proxy.injectMessage(['9998', 'x'.repeat(10 * 1024 * 1024)]), { reported: 'none' }),
  ibAttackOf('ib-exec-sld-on-buy', 'an SLD execution of our BUY', (k) => injectExecution(k, { side: 'SLD' }), { reported: 'contradiction', oracle: CONTRADICTION, fast: true }),
  ibAttackOf('ib-exec-above-limit', 'an execution at 160 of our BUY limited at 140', (k) => injectExecution(k, { price: '160' }), { reported: 'contradiction', oracle: CONTRADICTION }),
  ibAttackOf('ib-exec-price-abc', 'an execution priced "abc"', (k) => injectExecution(k, { price: 'abc' }), { reported: 'payload', fast: true }),
  ibAttackOf('ib-exec-price-1e400', 'an execution priced "1e400"', (k) => injectExecution(k, { price: '1e400' }), { reported: 'payload' }),
  ibAttackOf('ib-exec-shares-huge', 'an execution of "1e999999999" shares', (k) => injectExecution(k, { shares: '1e999999999', cumQty: '1e999999999' }), { reported: 'payload' }),
  ibAttackOf('ib-exec-shares-negative', 'an execution of "-5" shares', (k) => injectExecution(k, { shares: '-5' }), { reported: 'payload' }),
  ibAttackOf('ib-exec-beyond-remainder', 'an execution of 50 shares on our order of 10', (k) => injectExecution(k, { shares: '50', cumQty: '50' }), { reported: 'contradiction', oracle: CONTRADICTION }),
  ibAttackOf('ib-exec-other-symbol', 'an execution of our order id on MSFT', (k) => injectExecution(k, { symbol: 'MSFT', price: '139' }), { reported: 'contradiction', oracle: CONTRADICTION }),
  ibAttackOf('ib-exec-cumqty-back', 'after an honest 3 shares, an execution whose cumQty goes back to 1', (k) => injectExecution(k, { shares: '1', cumQty: '1', price: '139.5' }),
    { prepare: honestPartial, reported: 'contradiction', oracle: CONTRADICTION }),
  ibAttackOf('ib-exec-duplicate', 'the honest execution replayed with the same execId', replayHonest, { prepare: honestPartial, reported: 'none', oracle: 'the replay is not counted; MSFT still fills; a new order is ACCEPTED' }),
  ibAttackOf('ib-exec-unknown-order', 'an execution for an order id and orderRef we never used', (k) => injectExecution(k, { orderId: '99999', orderRef: 'notOurs1' }), { reported: 'none' }),
  ibAttackOf('ib-status-garbage', 'an orderStatus of our order with filled "abc" and remaining "NaN"', (k) => void k.proxy.injectMessage(status(k, { filled: 'abc', remaining: 'NaN' }))),
  // @stoqey/ib reads ids with parseInt: "<our id>abc" would be our order, "abc" NaN
  ibAttackOf('ib-status-order-id-suffix', 'an orderStatus "Cancelled" whose order id is ours followed by "abc"', (k) =>
    void k.proxy.injectMessage(status(k, { status: 'Cancelled', remaining: '0' }).map((f, i) => (i === 1 ? `${k.twsTarget.orderId}abc` : f))), { reported: 'payload' }),
  ibAttackOf('ib-status-order-id-abc', 'an orderStatus "Cancelled" whose order id is "abc"', (k) =>
    void k.proxy.injectMessage(status(k, { status: 'Cancelled', remaining: '0' }).map((f, i) => (i === 1 ? 'abc' : f))), { reported: 'payload' }),
  ibAttackOf('ib-exec-order-id-abc', 'an execution of our order whose order id is "abc"', (k) => injectExecution(k, { orderId: 'abc' }), { reported: 'payload' }),
  ibAttackOf('ib-status-overfill', 'an orderStatus "Filled" with 50 of our 10 shares', (k) => void k.proxy.injectMessage(status(k, { status: 'Filled', filled: '50', remaining: '0' })), { reported: 'none' }),
  ibAttackOf('ib-commission-unknown-huge', 'a commission report of "1e999999999" for an unknown execId', (k) => void k.proxy.injectMessage(commissionReport('0000none.1.01', dec(1), 'USD').map((f, i) => (i === 3 ? '1e999999999' : f))), { reported: 'none' }),
  ibAttackOf('ib-error-code-abc', 'an error message whose code is "abc"', (k) => void k.proxy.injectMessage(errorMessage(-1, 0, 'hostile').map((f, i) => (i === 3 ? 'abc' : f))), { reported: 'none' }),
  ibAttackOf('ib-next-valid-id-abc', 'a nextValidId of "abc"', (k) => void k.proxy.injectMessage(nextValidId(1).map((f, i) => (i === 2 ? 'abc' : f))), { reported: 'none' }),
];

/** An execution of the target written by the TWS emulator's own `injectExecution` fault control. */
function emulatorExecution(kit: IbKit, side: string, shares: string, price: string): void {
  kit.tws.injectExecution({
    clientId: kit.twsTarget.clientId, orderId: kit.twsTarget.orderId, orderRef: kit.target.clientOrderId, contract: 'AAPL',
    execId: `0000emu.${process.pid}.01.01`, side, shares, price, commission: '1',
  });
}

/** The same kinds of attack through the TWS emulator's fault controls (corruptStream, injectExecution), the product connected to it directly. */
export const IB_EMULATOR_FAULT_ATTACKS: readonly Attack[] = [
  ibAttackOf('ib-emu-corrupt-length', 'the emulator\'s corruptStream: a 0x7fffffff length prefix', (k) => k.tws.corruptStream({ kind: 'length' }, k.twsTarget.clientId), { direct: true, oracle: CORRUPT, reported: 'none' }),
  ibAttackOf('ib-emu-corrupt-random', 'the emulator\'s corruptStream: 64 seeded random bytes', (k) => k.tws.corruptStream({ kind: 'random', count: 64, seed: k.ctx.seed }, k.twsTarget.clientId), { direct: true, oracle: CORRUPT, reported: 'none' }),
  ibAttackOf('ib-emu-truncated-status', 'the emulator\'s corruptStream: an ORDER_STATUS cut after its order id', (k) => k.tws.corruptStream({ kind: 'truncatedMessage' }, k.twsTarget.clientId), { direct: true, reported: 'none' }),
  ibAttackOf('ib-emu-exec-sld', 'the emulator\'s injectExecution: SLD on our BUY', (k) => emulatorExecution(k, 'SLD', '1', '139'), { direct: true, reported: 'contradiction', oracle: CONTRADICTION }),
  ibAttackOf('ib-emu-exec-above-limit', 'the emulator\'s injectExecution: 1 share at 160 on our BUY limited at 140', (k) => emulatorExecution(k, 'BOT', '1', '160'), { direct: true, reported: 'contradiction', oracle: CONTRADICTION }),
  ibAttackOf('ib-emu-exec-price-abc', 'the emulator\'s injectExecution: priced "abc"', (k) => emulatorExecution(k, 'BOT', '1', 'abc'), { direct: true, reported: 'payload' }),
];
