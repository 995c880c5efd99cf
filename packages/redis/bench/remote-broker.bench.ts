/**
 * placeOrder → acknowledgement round trip: an in-process ReferenceBroker beside the same broker reached
 * through RemoteBroker → Redis Streams → BrokerGateway (claims journal on) → back. Sequential places of
 * resting LIMIT orders (each awaited, as one strategy would), N per run; prints p50/p90/p99 in µs.
 * Run: node -r ../../tools/scripts/register-ts.js bench/remote-broker.bench.ts  (Redis at REDIS_URL).
 */
import { EventBus, dec, type Broker, type OrderRequestInput } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { connectRedis } from '../src/redis-client';
import { GatewayHarness } from '../src/testing/gateway-harness';
import { RedisTestEnv } from '../src/testing/redis-test-env';

const N = Number(process.env.N ?? 2000);
const WARMUP = 200;

const instrument = testInstrument();
const limit = (): OrderRequestInput => ({ instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('40000') });

function percentiles(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]);
  return `p50 ${at(0.5)} µs  p90 ${at(0.9)} µs  p99 ${at(0.99)} µs  (${s.length} samples)`;
}

async function roundTrips(broker: Broker): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await broker.placeOrder(limit());
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    await broker.placeOrder(limit());
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return samples;
}

/** The floor: one XADD waking a blocked XREAD on another connection (a round trip has at least two). */
async function wakeUps(harness: GatewayHarness): Promise<number[]> {
  const [writer, reader] = [harness.client(), harness.client()];
  await Promise.all([connectRedis(writer), connectRedis(reader)]);
  const key = `${harness.prefix}wake`;
  const samples: number[] = [];
  let last = '0-0';
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    const read = reader.xRead({ key, id: last }, { BLOCK: 5_000, COUNT: 10 });
    await writer.xAdd(key, '*', { x: '1' });
    const reply = (await read) as { messages: { id: string }[] }[];
    last = reply[0].messages[reply[0].messages.length - 1].id;
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return samples;
}

async function main(): Promise<void> {
  const env = new RedisTestEnv();
  const local = new ReferenceBroker({ id: 'local', bus: new EventBus(), config: { cash: { USDT: dec(1e12) } } });
  await local.connect();
  console.log(`in-process ReferenceBroker      ${percentiles(await roundTrips(local))}`);
  await local.disconnect();

  const harness = new GatewayHarness(env.prefix);
  harness.venue.setPrice('BTCUSDT', dec('50000'));
  try {
    await harness.startGateway();
    console.log(`raw XADD → blocked XREAD wake   ${percentiles(await wakeUps(harness))}`);
    const remote = await harness.remote();
    console.log(`RemoteBroker via gateway        ${percentiles(await roundTrips(remote))}`);
  } finally {
    await harness.close();
    await env.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
