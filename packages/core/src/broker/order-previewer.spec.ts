import type { BrokerCapabilities } from './capabilities';
import { canPreviewOrders } from './order-previewer';

const caps = (features: BrokerCapabilities['features']): BrokerCapabilities => ({ orderTypes: ['LIMIT'], timeInForce: ['DAY'], assetClasses: ['STK'], features });

describe('canPreviewOrders', () => {
  it('needs both the ORDER_PREVIEW feature and a previewOrder method', () => {
    const previewOrder = () => Promise.reject(new Error('not called'));
    expect(canPreviewOrders({ capabilities: caps(['ORDER_PREVIEW']), previewOrder })).toBe(true);
    expect(canPreviewOrders({ capabilities: caps([]), previewOrder })).toBe(false);
    expect(canPreviewOrders({ capabilities: caps(['ORDER_PREVIEW']) })).toBe(false);
  });
});
