import { EventBus, createEvent, dec, type Broker, type Order, type OrderStatus } from '@silvertine/core';
import { SessionSummary } from './session-summary';

const order = (clientOrderId: string, status: OrderStatus) => ({ clientOrderId, status }) as unknown as Order;

/** The reads a report makes of a broker; `open` is what the venue still lists open. */
const broker = (open: readonly Order[]) => ({
  getOpenOrders: () => Promise.resolve(open),
  getPositions: () => Promise.resolve([]),
  getAccountInfo: () => Promise.resolve({ equity: dec('1000') }),
}) as unknown as Broker;

describe('SessionSummary', () => {
  it('reports the orders still open at the end, with the venue\'s word over the last update seen', async () => {
    const bus = new EventBus();
    const summary = new SessionSummary(bus, 'venue');
    summary.start();
    const update = (id: string, status: OrderStatus, brokerId = 'venue') => bus.publish(createEvent({ type: 'OrderUpdate', brokerId, order: order(id, status) }, 0));
    update('a', 'SUBMITTED');
    update('a', 'FILLED');
    update('a', 'ACCEPTED'); // late and out of order: a final order stays final
    update('b', 'SUBMITTED');
    update('b', 'ACCEPTED'); // resting at the venue
    update('c', 'PENDING_SUBMIT'); // the venue's answer came after the last update on the bus
    update('d', 'SUBMITTED');
    update('d', 'CANCELED');
    update('x', 'ACCEPTED', 'other'); // another broker's order
    summary.stop();
    const report = await summary.report(broker([order('b', 'ACCEPTED'), order('c', 'PARTIALLY_FILLED'), order('elsewhere', 'ACCEPTED')]));
    expect(report.orders).toBe(4);
    expect(report.byStatus).toEqual({ FILLED: 1, ACCEPTED: 1, PARTIALLY_FILLED: 1, CANCELED: 1 });
    expect(report.open).toBe(2);
    expect(report.openOrders).toEqual(['b', 'c']);
    expect(report.equity).toBe('1000');
  });
});
