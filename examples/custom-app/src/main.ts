import 'reflect-metadata';
import { CORE_TOKENS, createEvent, dec, type FillEvent } from '@silvertine/core';
import { composeCustomApp } from './compose';
import { spotInstrumentDefaults } from './paper-setup';

/** Runs the example: a quote, a market order, the fill, and what monitoring scraped. */
export async function main(print: (line: string) => void = (l) => console.log(l)): Promise<{ fill: FillEvent['fill']; metrics: string }> {
  const app = await composeCustomApp();
  try {
    const url = await app.monitoring.start();
    const bus = app.container.get(CORE_TOKENS.EventBus);
    const filled = new Promise<FillEvent>((resolve) => bus.on('Fill', resolve, 'example'));
    bus.publish(createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: 'ETHUSDT', bid: dec('3199.99'), ask: dec('3200.01'), bidSize: dec(10), askSize: dec(10), timestamp: Date.now() } }));
    await app.broker.placeOrder({ instrument: spotInstrumentDefaults, side: 'BUY', type: 'MARKET', quantity: dec('0.5') });
    const { fill } = await filled;
    const metrics = await (await fetch(`${url}/metrics`)).text();
    print(`filled ${fill.quantity} ${fill.symbol} at ${fill.price}, commission ${fill.commission} ${fill.commissionAsset}`);
    print(`monitoring at ${url}: ${metrics.split('\n').filter((l) => l.startsWith('silvertine_fills_total')).join(', ')}`);
    return { fill, metrics };
  } finally {
    await app.close();
  }
}

if (require.main === module) void main();
