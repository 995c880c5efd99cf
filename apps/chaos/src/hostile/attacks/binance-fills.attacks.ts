import type { Attack } from '../attack.types';
import { pushEvent, userDataAttack, type StreamKit } from './binance-stream.kit';

const CONTRADICTION = 'process alive; the fill is not applied (order, fills, positions unchanged); a VENUE_CONTRADICTION (CRITICAL) is raised; the other instrument still trades';

/** An honest partial fill of the target (0.001 at 40000), applied before the snapshot. */
async function honestPartial(kit: StreamKit): Promise<void> {
  const report = kit.venue.fill(kit.target.clientOrderId, '0.001', '40000.00');
  await kit.product.events.fill(kit.product.asBroker, String(report.t), 5_000, 'the honest partial fill to be applied');
}

/** A TRADE report whose `field` holds `value` (everything else honest-looking). */
function tradeWith(kit: StreamKit, field: string, value: unknown): void {
  pushEvent(kit, kit.trade('0.001', '40000.00', { [field]: value }));
}

/**
 * executionReports about our own resting BUY 0.002 BTCUSDT @ 40000: numbers that are not numbers, and
 * fills that contradict the order. None may be applied.
 */
export const BINANCE_FILL_ATTACKS: readonly Attack[] = [
  userDataAttack('bn-ud-price-null', 'a NEW report of our order with `p: null`', (k) => pushEvent(k, { ...k.report(), p: null })),
  userDataAttack('bn-ud-price-nan', 'a TRADE report with `L: "NaN"`', (k) => tradeWith(k, 'L', 'NaN')),
  userDataAttack('bn-ud-price-40-decimals', 'a TRADE report with a 40-decimal price', (k) => tradeWith(k, 'L', '40000.0000000000000000000000000000000000000001')),
  userDataAttack('bn-ud-price-1e400', 'a TRADE report with `L: "1e400"`', (k) => tradeWith(k, 'L', '1e400')),
  userDataAttack('bn-ud-price-1e999999999', 'a TRADE report with `L: "1e999999999"` (unbounded exponent)', (k) => tradeWith(k, 'L', '1e999999999'), { fast: true }),
  userDataAttack('bn-ud-qty-1e999999999', 'a TRADE report with `l: "1e999999999"`', (k) => tradeWith(k, 'l', '1e999999999')),
  userDataAttack('bn-ud-price-json-infinity', 'a TRADE report whose `L` is the JSON number 1e400 (Infinity once parsed)', (k) =>
    void k.venue.pushUser(JSON.stringify({ subscriptionId: 0, event: k.trade('0.001', '0') }).replace('"L":"0"', '"L":1e400'))),
  userDataAttack('bn-ud-qty-abc', 'a TRADE report with `l: "abc"`', (k) => tradeWith(k, 'l', 'abc')),
  userDataAttack('bn-ud-qty-negative', 'a TRADE report with `l: "-0.001"`', (k) => pushEvent(k, k.trade('-0.001', '40000.00'))),
  userDataAttack('bn-ud-qty-zero', 'a TRADE report with `l: "0"`', (k) => pushEvent(k, k.trade('0', '40000.00'))),
  userDataAttack('bn-ud-trade-id-null', 'a TRADE report with `t: null`', (k) => tradeWith(k, 't', null)),
  userDataAttack('bn-ud-client-id-number', 'a TRADE report whose `c` is a number', (k) => tradeWith(k, 'c', 12345)),
  userDataAttack('bn-ud-status-unknown', 'a report of our order with `X: "WEIRD"`', (k) => pushEvent(k, { ...k.report(), X: 'WEIRD' })),
  userDataAttack('bn-ud-sell-on-buy', 'a SELL execution on our BUY order', (k) => tradeWith(k, 'S', 'SELL'), { reported: 'contradiction', oracle: CONTRADICTION, fast: true }),
  userDataAttack('bn-ud-other-symbol', 'an execution of our order on ETHUSDT', (k) => tradeWith(k, 's', 'ETHUSDT'), { reported: 'contradiction', oracle: CONTRADICTION }),
  userDataAttack('bn-ud-beyond-limit', 'an execution at 90000 of our BUY limited at 40000', (k) => pushEvent(k, k.trade('0.001', '90000.00')), { reported: 'contradiction', oracle: CONTRADICTION }),
  userDataAttack('bn-ud-beyond-remainder', 'an execution of 0.005 on our order of 0.002', (k) => pushEvent(k, k.trade('0.005', '40000.00')), { reported: 'contradiction', oracle: CONTRADICTION }),
  userDataAttack('bn-ud-cumulative-above-order', 'an execution of 0.001 whose cumulative `z` says 0.003 of 0.002', (k) => tradeWith(k, 'z', '0.003'), { reported: 'contradiction', oracle: CONTRADICTION }),
  userDataAttack('bn-ud-cumulative-back', 'after an honest 0.001, an execution whose cumulative `z` goes back to 0.0005', (k) =>
    pushEvent(k, k.trade('0.0005', '40000.00', { z: '0.0005' })), { prepare: honestPartial, reported: 'contradiction', oracle: CONTRADICTION }),
  userDataAttack('bn-ud-duplicate-trade-id', 'an honest execution pushed again with the same trade id', (k) => {
    const last = k.product.events.fills.find((f) => f.clientOrderId === k.target.clientOrderId);
    pushEvent(k, { ...k.report('TRADE'), x: 'TRADE', l: '0.001', L: '40000.00', z: '0.001', t: Number(last?.tradeId) });
  }, { prepare: honestPartial, reported: 'none', oracle: 'the duplicate is not counted (fills, order, positions unchanged after the first); the stream still handled' }),
];
