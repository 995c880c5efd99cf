/**
 * Why core's Decimal is its own exact type (safe-integer digits and a scale, bigint beyond): this benchmark times the operations a matching engine
 * and a portfolio do on every fill, with our Decimal, big.js and decimal.js. Run: `npx nx run core:bench`.
 * Prints the median of several rounds in ns/op and the ratio to our Decimal.
 */
import Big from 'big.js';
import DecimalJs from 'decimal.js';
import { Decimal } from '../src/decimal/decimal';

const ITERATIONS = 200_000;
const ROUNDS = 7;

interface Subject {
  readonly name: string;
  /** notional with fee: price * qty * (1 + fee), then compared with a limit */
  readonly fill: () => unknown;
  /** parse a venue string and format it back */
  readonly parseFormat: () => unknown;
}

const price = '50123.45';
const qty = '0.00123';
const fee = '0.00075';
const big = { price: new Big(price), qty: new Big(qty), one: new Big(1).plus(fee), limit: new Big('70') };
const dj = { price: new DecimalJs(price), qty: new DecimalJs(qty), one: new DecimalJs(1).plus(fee), limit: new DecimalJs('70') };
const ours = { price: Decimal.from(price), qty: Decimal.from(qty), one: Decimal.ONE.plus(fee), limit: Decimal.from('70') };

const subjects: Subject[] = [
  { name: 'silvertine Decimal', fill: () => ours.price.times(ours.qty).times(ours.one).lt(ours.limit), parseFormat: () => Decimal.from(price).toString() },
  { name: 'big.js', fill: () => big.price.times(big.qty).times(big.one).lt(big.limit), parseFormat: () => new Big(price).toString() },
  { name: 'decimal.js', fill: () => dj.price.times(dj.qty).times(dj.one).lt(dj.limit), parseFormat: () => new DecimalJs(price).toString() },
];

function nsPerOp(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) fn();
  return Number(process.hrtime.bigint() - start) / ITERATIONS;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function run(kind: 'fill' | 'parseFormat'): void {
  for (const s of subjects) nsPerOp(s[kind]); // warm-up
  const results = subjects.map((s) => ({ name: s.name, ns: median(Array.from({ length: ROUNDS }, () => nsPerOp(s[kind]))) }));
  const baseline = results[0].ns;
  console.log(`\n${kind === 'fill' ? 'price × qty × (1 + fee) < limit' : 'parse + format'} (median of ${ROUNDS} rounds × ${ITERATIONS})`);
  for (const r of results) console.log(`  ${r.name.padEnd(30)} ${r.ns.toFixed(0).padStart(6)} ns/op   ${(r.ns / baseline).toFixed(2)}×`);
}

run('fill');
run('parseFormat');
