import type { Scenario } from '../harness/scenario.types';
import { acceptThen5xx, banned, clockSkew, hangTimeout, lateArrival, rateLimited } from './binance-rest.scenarios';

/** Every scenario, most valuable first. */
export const SCENARIOS: readonly Scenario[] = [acceptThen5xx, hangTimeout, lateArrival, rateLimited, banned, clockSkew];
