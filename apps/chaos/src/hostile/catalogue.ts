import type { Attack } from './attack.types';
import { BINANCE_BALANCE_ATTACKS } from './attacks/binance-balances.attacks';
import { BINANCE_FILL_ATTACKS } from './attacks/binance-fills.attacks';
import { BINANCE_FRAME_ATTACKS } from './attacks/binance-frames.attacks';

/** Every attack of `chaos:hostile`, by class. */
export const ATTACKS: readonly Attack[] = [
  ...BINANCE_FRAME_ATTACKS, ...BINANCE_FILL_ATTACKS, ...BINANCE_BALANCE_ATTACKS,
];
