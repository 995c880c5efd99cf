import type { Attack } from '../attack.types';
import { BINANCE_PIPELINES } from './binance-pipelines';
import { CORE_PIPELINES } from './core-pipelines';
import { fuzzAttack } from './fuzz-attack';
import { IB_PIPELINES } from './ib-pipelines';

const FAST = new Set(['binance-execution-report', 'ib-execution']);

/** One fuzzing attack per decoder-and-mapper pipeline of both adapters, core's decimal and the TWS emulator's decoder. */
export const FUZZ_ATTACKS: readonly Attack[] = [...BINANCE_PIPELINES, ...IB_PIPELINES, ...CORE_PIPELINES].map((p) => fuzzAttack(p, FAST.has(p.id)));
