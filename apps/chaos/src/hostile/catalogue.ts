import type { Attack } from './attack.types';
import { BINANCE_EMULATOR_SOCKET_ATTACKS } from './attacks/binance-emulator.attacks';
import { BINANCE_EMULATOR_HTTP_ATTACKS } from './attacks/binance-emulator-http.attacks';
import { TWS_EMULATOR_ATTACKS } from './attacks/tws-emulator.attacks';
import { CONFIG_ATTACKS } from './attacks/config.attacks';
import { MONITORING_ATTACKS } from './attacks/monitoring.attacks';
import { FUZZ_ATTACKS } from './fuzz/fuzz.attacks';
import { IB_ATTACKS, IB_EMULATOR_FAULT_ATTACKS } from './attacks/ib-stream.attacks';
import { BINANCE_EMULATOR_FAULT_ATTACKS } from './attacks/binance-emulator-faults.attacks';
import { BINANCE_CLI_ATTACKS } from './attacks/binance-cli.attacks';
import { BINANCE_BALANCE_ATTACKS } from './attacks/binance-balances.attacks';
import { BINANCE_FILL_ATTACKS } from './attacks/binance-fills.attacks';
import { BINANCE_FRAME_ATTACKS } from './attacks/binance-frames.attacks';
import { BINANCE_MARKET_ATTACKS } from './attacks/binance-market.attacks';
import { BINANCE_LIFECYCLE_ATTACKS } from './attacks/binance-lifecycle.attacks';
import { BINANCE_ACCOUNT_ATTACKS, BINANCE_ORDER_ATTACKS } from './attacks/binance-rest.attacks';

/** Every attack of `chaos:hostile`, by class. */
export const ATTACKS: readonly Attack[] = [
  ...BINANCE_FRAME_ATTACKS, ...BINANCE_FILL_ATTACKS, ...BINANCE_BALANCE_ATTACKS, ...BINANCE_MARKET_ATTACKS,
  ...BINANCE_ORDER_ATTACKS, ...BINANCE_ACCOUNT_ATTACKS, ...BINANCE_LIFECYCLE_ATTACKS, ...BINANCE_CLI_ATTACKS, ...BINANCE_EMULATOR_FAULT_ATTACKS,
  ...IB_ATTACKS, ...IB_EMULATOR_FAULT_ATTACKS,
  ...BINANCE_EMULATOR_SOCKET_ATTACKS, ...BINANCE_EMULATOR_HTTP_ATTACKS, ...TWS_EMULATOR_ATTACKS,
  ...MONITORING_ATTACKS, ...CONFIG_ATTACKS,
  ...FUZZ_ATTACKS,
];
