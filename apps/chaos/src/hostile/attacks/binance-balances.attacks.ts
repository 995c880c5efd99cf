import type { Attack } from '../attack.types';
import { pushEvent, userDataAttack } from './binance-stream.kit';

const NOW = 1_700_000_000_000;

/** Account events with broken or impossible balances: the cached balances must stay as they were. */
export const BINANCE_BALANCE_ATTACKS: readonly Attack[] = [
  userDataAttack('bn-ud-account-b-null', 'an outboundAccountPosition with `B: null`', (k) => pushEvent(k, { e: 'outboundAccountPosition', E: NOW, u: NOW, B: null })),
  userDataAttack('bn-ud-account-b-string', 'an outboundAccountPosition with `B: "abc"`', (k) => pushEvent(k, { e: 'outboundAccountPosition', E: NOW, u: NOW, B: 'abc' })),
  userDataAttack('bn-ud-account-entry-null', 'an outboundAccountPosition whose balance entry has null asset and amounts', (k) =>
    pushEvent(k, { e: 'outboundAccountPosition', E: NOW, u: NOW, B: [{ a: null, f: null, l: null }] })),
  userDataAttack('bn-ud-account-negative', 'an outboundAccountPosition with BTC free "-5"', (k) =>
    pushEvent(k, { e: 'outboundAccountPosition', E: NOW, u: NOW, B: [{ a: 'BTC', f: '-5.00000000', l: '0.00000000' }] }), { fast: true }),
  userDataAttack('bn-ud-account-huge', 'an outboundAccountPosition with BTC free "1e999999999"', (k) =>
    pushEvent(k, { e: 'outboundAccountPosition', E: NOW, u: NOW, B: [{ a: 'BTC', f: '1e999999999', l: '0' }] })),
  userDataAttack('bn-ud-account-half-valid', 'an outboundAccountPosition with one valid and one "NaN" entry (all or nothing)', (k) =>
    pushEvent(k, { e: 'outboundAccountPosition', E: NOW, u: NOW, B: [{ a: 'USDT', f: '1.00000000', l: '0.00000000' }, { a: 'BTC', f: 'NaN', l: '0' }] })),
  userDataAttack('bn-ud-balance-delta-null', 'a balanceUpdate with `d: null`', (k) => pushEvent(k, { e: 'balanceUpdate', E: NOW, a: 'BTC', d: null, T: NOW })),
  userDataAttack('bn-ud-balance-delta-huge', 'a balanceUpdate with `d: "1e999999999"`', (k) => pushEvent(k, { e: 'balanceUpdate', E: NOW, a: 'BTC', d: '1e999999999', T: NOW })),
  userDataAttack('bn-ud-balance-delta-nan', 'a balanceUpdate with `d: "NaN"`', (k) => pushEvent(k, { e: 'balanceUpdate', E: NOW, a: 'BTC', d: 'NaN', T: NOW })),
  userDataAttack('bn-ud-balance-asset-null', 'a balanceUpdate with `a: null`', (k) => pushEvent(k, { e: 'balanceUpdate', E: NOW, a: null, d: '1.00000000', T: NOW })),
];
