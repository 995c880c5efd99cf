/**
 * Throughput of AbstractBroker's order path (validation, state machine, events on the bus) with the
 * in-memory ReferenceBroker, against a floor: a bare RxJS Subject carrying the same objects.
 * Run: `npx nx run core:bench`. Prints the median of several rounds.
 */
import { Subject } from 'rxjs';
import { dec } from '../src/decimal/decimal';
import { EventBus } from '../src/events/event-bus';
import { ReferenceBroker, testInstrument } from '../src/testing/reference-broker';

const ORDERS = 50_000;
const ROUNDS = 5;
const instrument = testInstrument();
const quantity = dec('0.001');

async function brokerRound(): Promise<number> {
  const bus = new EventBus();
  let fills = 0;
  bus.on('Fill', () => fills++);
  const broker = new ReferenceBroker({ id: 'bench', bus, config: { cash: { USDT: dec('1000000000000') } }, maxClosedOrders: 1_000 });
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    await broker.placeOrder({ instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await broker.disconnect();
  if (fills !== ORDERS) throw new Error(`expected ${ORDERS} fills, saw ${fills}`);
  return ORDERS / seconds;
}

function floorRound(): number {
  const subject = new Subject<object>();
  let seen = 0;
  subject.subscribe(() => seen++);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    subject.next({ instrument, side: 'BUY', type: 'MARKET', quantity, i });
    subject.next({ fill: i });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (seen !== ORDERS * 2) throw new Error('floor lost events');
  return ORDERS / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await brokerRound(); // warm-up
  const broker: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    broker.push(await brokerRound());
    floor.push(floorRound());
  }
  const b = median(broker);
  const f = median(floor);
  console.log(`\nAbstractBroker order path, ${ORDERS} market orders × ${ROUNDS} rounds (median)`);
  console.log(`  ReferenceBroker placeOrder → FillEvent   ${b.toFixed(0).padStart(9)} orders/s`);
  console.log(`  floor: bare RxJS Subject, 2 events/order ${f.toFixed(0).padStart(9)} orders/s   (broker = ${(b / f * 100).toFixed(1)}% of floor)`);
}

void main();
