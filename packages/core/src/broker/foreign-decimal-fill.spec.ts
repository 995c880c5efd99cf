import { Decimal, dec } from '../decimal/decimal';
import type { BrokerAccountInfo, BrokerBalance, BrokerPosition } from '../domain/account';
import type { Fill, Order } from '../domain/order';
import { testInstrument } from '../testing/reference-broker';
import { AbstractBroker } from './abstract-broker';
import type { BrokerCapabilities } from './capabilities';

/** A venue that acknowledges and lets the test report fills, as a plugin's adapter would. */
class PluginLikeBroker extends AbstractBroker {
  readonly capabilities: BrokerCapabilities = { orderTypes: ['LIMIT'], timeInForce: ['GTC'], assetClasses: ['CRYPTO'], features: [] };
  protected async connectVenue() {}
  protected async disconnectVenue() {}
  protected async submitToVenue() { return { venueOrderId: 'v1' }; }
  protected async cancelAtVenue() {}
  async getPositions(): Promise<BrokerPosition[]> { return []; }
  async getBalances(): Promise<BrokerBalance[]> { return []; }
  async getAccountInfo(): Promise<BrokerAccountInfo> { throw new Error('unused'); }
  report(fill: Fill): boolean { return this.applyVenueFill(fill); }
}

/** A second copy of core's Decimal module, as a plugin that bundles its own core has. */
function foreignDecimalModule(): typeof import('../decimal/decimal') {
  let copy!: typeof import('../decimal/decimal');
  jest.isolateModules(() => { copy = jest.requireActual('../decimal/decimal'); });
  return copy;
}

describe('fills reported with another copy of core\'s Decimal', () => {
  it('are applied like this copy\'s: the checks and the ledger see converted values', async () => {
    const foreign = foreignDecimalModule();
    expect(foreign.Decimal).not.toBe(Decimal);
    const broker = new PluginLikeBroker({ id: 'plugin', config: undefined });
    await broker.connect();
    const order: Order = await broker.placeOrder({ clientOrderId: 'p1', instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('40000') });
    const applied = broker.report({
      clientOrderId: order.clientOrderId, tradeId: 't1', symbol: order.request.instrument.symbol, side: 'BUY',
      price: foreign.dec('39990') as unknown as Decimal, quantity: foreign.dec('0.5') as unknown as Decimal,
      commission: foreign.dec('0.01') as unknown as Decimal, commissionAsset: 'USDT', liquidity: 'MAKER', timestamp: 1,
    } as Fill);
    expect(applied).toBe(true);
    const filled = (await broker.getOrder('p1'))!;
    expect(filled.status).toBe('FILLED');
    expect(filled.filledQuantity).toBeInstanceOf(Decimal);
    const [position] = await broker.localPositions();
    expect(position.quantity.eq(dec('0.5'))).toBe(true);
    expect(position.averagePrice).toBeInstanceOf(Decimal);
    expect(position.averagePrice.eq(dec('39990'))).toBe(true);
    await broker.disconnect();
  });
});
