import type { Scenario } from '../harness/scenario.types';
import { acceptThen5xx, banned, cancelUnknown, clockSkew, hangTimeout, lateArrival, rateLimited } from './binance-rest.scenarios';
import { duplicateReordered } from './events.scenarios';
import { queuedWhileDown } from './queue.scenarios';
import { redisConnectionReset, redisOutage } from './redis.scenarios';
import { ibSigkill, sigkill } from './crash.scenarios';
import { ib1100, ibProxyHalfOpen, ibRestart, ibSocketClose } from './ib.scenarios';
import { killSwitchDuringOutage, malformedFrame, serverShutdown, wsDrop, wsHalfOpen, wsProxyHalfOpen } from './binance-stream.scenarios';

/** Every scenario, most valuable first. */
export const SCENARIOS: readonly Scenario[] = [
  acceptThen5xx, sigkill, redisOutage, hangTimeout, cancelUnknown, lateArrival, wsDrop, wsHalfOpen, wsProxyHalfOpen, serverShutdown, rateLimited, banned, clockSkew,
  malformedFrame, duplicateReordered, killSwitchDuringOutage, ibSocketClose, ib1100, ibRestart, ibProxyHalfOpen, queuedWhileDown, redisConnectionReset, ibSigkill,
];
