// Runs in an empty directory where only the packed @silvertine/core, @silvertine/paper and
// @silvertine/config are installed (see tools/scripts/verify-pack.sh): a paper session from YAML.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const core = require('@silvertine/core');
const { loadConfig, loadPlugins, BrokerFactory } = require('@silvertine/config');

const yaml = `
plugins: ["@silvertine/paper"]
brokers:
  paper:
    type: paper
    trading:
      account_type: CASH
      base_currency: USDT
      initial_balances: { USDT: "10000" }
      instruments:
        - { symbol: BTCUSDT, asset_class: CRYPTO, base_asset: BTC, quote_asset: USDT, tick_size: "0.01", step_size: "0.00001", min_notional: "5", multiplier: "1" }
    commission: { model: PERCENTAGE, maker_bps: "10", taker_bps: "10" }
    seed: 7
    risk_limits: { max_order_notional: "5000" }
`;

async function main() {
  const file = path.join(process.cwd(), 'session.yaml');
  fs.writeFileSync(file, yaml);
  const config = await loadConfig(file);
  const registry = new core.BrokerRegistry();
  await loadPlugins(config.plugins, registry, { baseDir: config.baseDir });
  const bus = new core.EventBus();
  const factory = new BrokerFactory({ config, registry, bus });
  const broker = await factory.createBroker('paper');
  const fills = [];
  bus.on('Fill', (e) => fills.push(e.fill));
  const instrument = factory.configOf('paper').instruments[0];
  const quote = (bid, ask) => bus.publish(core.createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: 'BTCUSDT', bid: core.dec(bid), ask: core.dec(ask), bidSize: core.dec('5'), askSize: core.dec('5'), timestamp: Date.now() } }));
  quote('49999.99', '50000.01');
  const order = await broker.placeOrder({ instrument, side: 'BUY', type: 'MARKET', quantity: core.dec('0.01') });
  for (let i = 0; i < 50 && fills.length === 0; i++) {
    quote('49999.99', '50000.01');
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(fills.length, 1, 'the market order fills once');
  assert.ok(fills[0].price.gte(core.dec('50000.01')), 'a buy pays at least the ask');
  await assert.rejects(broker.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', quantity: core.dec('0.2'), limitPrice: core.dec('49000') }), /maxOrderNotional/);
  const usdt = (await broker.getBalances()).find((b) => b.asset === 'USDT');
  assert.ok(usdt.total.lt(core.dec('10000')), 'cash paid for the fill');
  await factory.disconnectAll();
  console.log(`packed core + paper + config ran a paper session from YAML: ${order.clientOrderId} filled at ${fills[0].price}, USDT ${usdt.total}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
