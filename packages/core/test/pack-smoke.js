// Runs in an empty directory where only the packed @silvertine/core is installed (see verify-pack.sh).
const assert = require('node:assert/strict');
const core = require('@silvertine/core');
const { ReferenceBroker, testInstrument } = require('@silvertine/core/testing');

async function main() {
  assert.equal(core.dec('0.1').plus('0.2').toString(), '0.3');
  const bus = new core.EventBus();
  const fills = [];
  bus.on('Fill', (e) => fills.push(e.fill));
  const broker = new ReferenceBroker({ id: 'packed', bus, config: { cash: { USDT: core.dec(1000) } } });
  await broker.connect();
  broker.setPrice('BTCUSDT', core.dec('50000'));
  const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: core.dec('0.01') });
  assert.equal(order.status, 'FILLED');
  assert.equal(fills.length, 1);
  await assert.rejects(broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: core.dec('0.000001') }), core.InvalidOrderError);
  await broker.disconnect();
  console.log(`packed @silvertine/core works: order ${order.clientOrderId} ${order.status} at ${order.averageFillPrice}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
