// Run by plugin-core-copy.spec.ts in a child process (node -r tools/scripts/register-ts.js), so that the
// plugin's require('@silvertine/core') resolves its own copy as it would in a user's install (Jest would
// map it to the workspace's sources). Loads the YAML config named in argv, places one limit order with the
// app's Decimals through the BrokerFactory and prints what happened as one JSON line.
import 'reflect-metadata';
import { BrokerRegistry, Decimal, EventBus, createSilentLogger, dec, type FillEvent, type Logger } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { BrokerFactory, loadConfig, loadPlugins } from '../../src';

async function main(): Promise<void> {
  const config = await loadConfig(process.argv[2]);
  const registry = new BrokerRegistry();
  const warnings: Record<string, unknown>[] = [];
  const logger: Logger = { ...createSilentLogger(), warn: (message, fields) => warnings.push({ message, ...fields }) };
  const [loaded] = await loadPlugins(config.plugins, registry, { baseDir: config.baseDir, logger });
  const bus = new EventBus();
  const filled = new Promise<FillEvent>((resolve) => bus.on('Fill', resolve));
  const factory = new BrokerFactory({ config, registry, bus });
  try {
    const broker = await factory.createBroker('venue');
    const placed = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('50000') });
    const { fill } = await filled;
    const order = await broker.getOrder(placed.clientOrderId);
    console.log(
      JSON.stringify({
        placedStatus: placed.status,
        status: order?.status,
        filledQuantity: order?.filledQuantity.toString(),
        fillIsAppDecimal: fill.quantity instanceof Decimal,
        fillIsDecimal: Decimal.isDecimal(fill.quantity),
        notional: dec(0).plus(fill.price).times(fill.quantity).toString(),
        resolvedPath: loaded.resolvedPath,
        coreCopy: loaded.coreCopy,
        warnings,
      }),
    );
  } finally {
    await factory.disconnectAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
