import { firstValueFrom, toArray, take } from 'rxjs';
import { dec } from '../decimal/decimal';
import type { BrokerAccountInfo, BrokerBalance, BrokerPosition } from '../domain/account';
import type { Order } from '../domain/order';
import { InsufficientFundsError, InternalError, InvalidOrderError, TimeoutError, UnknownOrderStatusError, DuplicateOrderError, TemporaryConnectionError } from '../errors/errors';
import { EventBus } from '../events/event-bus';
import type { MetricsSink } from '../metrics/metrics-sink';
import { NoopMetricsSink } from '../metrics/metrics-sink';
import { ReferenceBroker, testInstrument } from '../testing/reference-broker';
import { AbstractBroker } from './abstract-broker';
import type { SubmitAcknowledgement } from './broker';
import type { BrokerCapabilities } from './capabilities';

/** A broker whose venue answers with whatever the test scripts. */
class ScriptedBroker extends AbstractBroker<{ answer: () => Promise<SubmitAcknowledgement> }> {
  readonly capabilities: BrokerCapabilities = { orderTypes: ['LIMIT'], timeInForce: ['GTC'], assetClasses: ['CRYPTO'], features: [] };
  readonly sent: Order[] = [];
  protected async connectVenue() {}
  protected async disconnectVenue() {}
  protected async submitToVenue(order: Order) {
    this.sent.push(order);
    return this.config.answer();
  }
  protected async cancelAtVenue() {}
  async getPositions(): Promise<BrokerPosition[]> { return []; }
  async getBalances(): Promise<BrokerBalance[]> { return []; }
  async getAccountInfo(): Promise<BrokerAccountInfo> { throw new Error('unused'); }
}

const limit = { instrument: testInstrument(), side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.001'), limitPrice: dec('40000') };

class RecordingSink extends NoopMetricsSink implements MetricsSink {
  readonly calls: string[] = [];
  override orderSubmitted() { this.calls.push('submitted'); }
  override orderAcknowledged(_: string, ms: number) { this.calls.push(`ack:${ms >= 0}`); }
  override orderFirstFill() { this.calls.push('firstFill'); }
  override orderFinished(_: string, status: string) { this.calls.push(`finished:${status}`); }
  override error(_: string, code: string) { this.calls.push(`error:${code}`); }
  override connectionState(_: string, state: string) { this.calls.push(`state:${state}`); }
}

describe('AbstractBroker', () => {
  it('moves an order to UNKNOWN on a timeout and never resends it', async () => {
    const broker = new ScriptedBroker({ id: 's', config: { answer: () => Promise.reject(new TimeoutError('no answer', 5000)) } });
    await broker.connect();
    const attempt = broker.placeOrder({ ...limit, clientOrderId: 'u1' });
    await expect(attempt).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await broker.getOrder('u1'))!.status).toBe('UNKNOWN');
    expect(broker.sent).toHaveLength(1);
    await expect(broker.placeOrder({ ...limit, clientOrderId: 'u1' })).rejects.toBeInstanceOf(DuplicateOrderError);
    expect(broker.sent).toHaveLength(1);
  });

  it('moves an order to REJECTED on a definite venue rejection and publishes the classified error', async () => {
    const bus = new EventBus();
    const errors: string[] = [];
    bus.on('BrokerError', (e) => errors.push(`${e.code}:${e.clientOrderId}`));
    const broker = new ScriptedBroker({ id: 's', bus, config: { answer: () => Promise.reject(new InsufficientFundsError('no money')) } });
    await broker.connect();
    await expect(broker.placeOrder({ ...limit, clientOrderId: 'r1' })).rejects.toBeInstanceOf(InsufficientFundsError);
    const order = (await broker.getOrder('r1'))!;
    expect(order.status).toBe('REJECTED');
    expect(order.rejectReason).toBe('no money');
    expect(errors).toEqual(['INSUFFICIENT_FUNDS:r1']);
  });

  it('validates before any I/O and refuses when not connected', async () => {
    const broker = new ScriptedBroker({ id: 's', config: { answer: async () => ({}) } });
    await expect(broker.placeOrder(limit)).rejects.toBeInstanceOf(TemporaryConnectionError);
    await broker.connect();
    await expect(broker.placeOrder({ ...limit, limitPrice: dec('40000.001') })).rejects.toBeInstanceOf(InvalidOrderError);
    expect(broker.sent).toHaveLength(0);
    const placed = await broker.placeOrder(limit);
    expect(placed.status).toBe('ACCEPTED');
    expect(placed.clientOrderId).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
  });

  it('publishes state changes, order updates and fills, and records metrics', async () => {
    const metrics = new RecordingSink();
    const bus = new EventBus();
    const broker = new ReferenceBroker({ id: 'ref', bus, metrics, config: { cash: { USDT: dec(100000) } } });
    const states = firstValueFrom(broker.state$.pipe(take(3), toArray()));
    await broker.connect();
    expect(await states).toEqual(['DISCONNECTED', 'CONNECTING', 'CONNECTED']);
    broker.setPrice('BTCUSDT', dec('50000'));
    const updates: string[] = [];
    bus.on('OrderUpdate', (e) => updates.push(e.order.status));
    const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    expect(order.status).toBe('FILLED');
    expect(updates).toEqual(['PENDING_SUBMIT', 'FILLED']);
    expect(metrics.calls).toEqual(['state:CONNECTING', 'state:CONNECTED', 'submitted', 'firstFill', 'finished:FILLED', 'ack:true']);
    await broker.disconnect();
    expect(broker.state).toBe('DISCONNECTED');
  });

  it('never counts a replayed fill twice', async () => {
    const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(100000) } } });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    const fills: string[] = [];
    broker.fills$.subscribe((f) => fills.push(f.tradeId));
    const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    const replay = (broker as unknown as { applyVenueFill(f: unknown): boolean }).applyVenueFill.bind(broker);
    const fill = { tradeId: fills[0], clientOrderId: order.clientOrderId, symbol: 'BTCUSDT', side: 'BUY', quantity: dec('0.01'), price: dec('50000'), commission: dec(0), commissionAsset: 'USDT', liquidity: 'TAKER', timestamp: 0 };
    expect(replay(fill)).toBe(false);
    expect(fills).toHaveLength(1);
    expect((await broker.getOrder(order.clientOrderId))!.filledQuantity.toString()).toBe('0.01');
  });
});

describe('AbstractBroker definite outcomes', () => {
  it('rejects (not UNKNOWN) an order that failed before it was sent', async () => {
    const { OrderNotSentError } = await import('../errors/errors');
    const broker = new ScriptedBroker({ id: 's', config: { answer: () => Promise.reject(new OrderNotSentError('contract lookup timed out')) } });
    await broker.connect();
    await expect(broker.placeOrder({ ...limit, clientOrderId: 'n1' })).rejects.toBeInstanceOf(OrderNotSentError);
    expect((await broker.getOrder('n1'))!.status).toBe('REJECTED');
  });
});

describe('AbstractBroker errors before the send', () => {
  const preTradeBug = { name: 'buggy', check: () => { throw new TypeError("Cannot read properties of undefined (reading 'limit')"); } };

  it('turns an unexpected error in a pre-trade check into a critical, non-retryable InternalError, never sent', async () => {
    const bus = new EventBus();
    const errors: string[] = [];
    bus.on('BrokerError', (e) => errors.push(`${e.code}:${e.severity}:${e.retryable}`));
    const broker = new ScriptedBroker({ id: 's', bus, config: { answer: async () => ({}) }, preTradeChecks: [preTradeBug] });
    await broker.connect();
    const attempt = broker.placeOrder({ ...limit, clientOrderId: 'bug1' });
    await expect(attempt).rejects.toBeInstanceOf(InternalError);
    await expect(attempt).rejects.toMatchObject({ retryable: false, severity: 'CRITICAL', message: expect.stringContaining('reading') });
    expect(broker.sent).toHaveLength(0);
    expect(await broker.getOrder('bug1')).toBeUndefined();
    expect(errors).toEqual(['INTERNAL:CRITICAL:false']);
  });

  it('reports a request it cannot even read as InternalError, not a TypeError or a connection error', async () => {
    const broker = new ScriptedBroker({ id: 's', config: { answer: async () => ({}) } });
    await broker.connect();
    await expect(broker.placeOrder(null as unknown as typeof limit)).rejects.toBeInstanceOf(InternalError);
  });

  it('refuses an order whose journal write failed as not sent (retryable later, never UNKNOWN)', async () => {
    const journal = { recordSubmit: async () => { throw new Error('ENOSPC'); }, recordUpdate: () => undefined, recordFill: () => undefined };
    const broker = new ScriptedBroker({ id: 's', journal, config: { answer: async () => ({}) } });
    await broker.connect();
    await expect(broker.placeOrder({ ...limit, clientOrderId: 'j1' })).rejects.toMatchObject({ code: 'NOT_SENT', retryable: true, message: expect.stringContaining('ENOSPC') });
    expect(broker.sent).toHaveLength(0);
  });

  it('after the send, an unexpected error still means an unknown outcome', async () => {
    const broker = new ScriptedBroker({ id: 's', config: { answer: () => Promise.reject(new TypeError('socket hang up?')) } });
    await broker.connect();
    await expect(broker.placeOrder({ ...limit, clientOrderId: 'after1' })).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await broker.getOrder('after1'))!.status).toBe('UNKNOWN');
  });
});

describe('AbstractBroker reconciliation', () => {
  it('adopts a venue order as ACCEPTED and lets its fills drive it to FILLED, counting each once', async () => {
    const broker = new ReferenceBroker({ id: 'rec', config: { cash: { USDT: dec(100000) } } });
    await broker.connect();
    const request = { clientOrderId: 'ext1', instrument: testInstrument(), side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.02'), limitPrice: dec('40000'), timeInForce: 'GTC' as const };
    const venueView: Order = { request, clientOrderId: 'ext1', status: 'FILLED', venueOrderId: 'V9', filledQuantity: dec('0.02'), remainingQuantity: dec(0), createdAt: 0, updatedAt: 0 };
    expect(broker.adoptOrder(venueView).status).toBe('ACCEPTED');
    const fill = { tradeId: 'T1', clientOrderId: 'ext1', symbol: 'BTCUSDT', side: 'BUY' as const, quantity: dec('0.02'), price: dec('40000'), commission: dec(0), commissionAsset: 'USDT', liquidity: 'MAKER' as const, timestamp: 1 };
    expect(broker.reconcileFill(fill)).toBe(true);
    expect(broker.reconcileFill(fill)).toBe(false);
    const order = (await broker.getOrder('ext1'))!;
    expect(order.status).toBe('FILLED');
    expect(order.venueOrderId).toBe('V9');
    expect(broker.adoptOrder(venueView)).toBe(order);
  });

  it('journals nothing of an order restored from the journal, and a venue order and fill as usual', async () => {
    const records: string[] = [];
    const journal = { recordSubmit: () => undefined, recordUpdate: (_: string, o: Order) => void records.push(`update:${o.clientOrderId}:${o.status}`), recordFill: (_: string, f: { tradeId: string }) => void records.push(`fill:${f.tradeId}`) };
    const seen: string[] = [];
    const broker = new ReferenceBroker({ id: 'rec', journal, config: { cash: { USDT: dec(100000) } } });
    broker.orders$.subscribe((o) => seen.push(`${o.clientOrderId}:${o.status}`));
    await broker.connect();
    const order = (id: string): Order => ({
      request: { clientOrderId: id, instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), limitPrice: dec('40000'), timeInForce: 'GTC' },
      clientOrderId: id, status: 'FILLED', venueOrderId: `V-${id}`, filledQuantity: dec('0.02'), remainingQuantity: dec(0), createdAt: 0, updatedAt: 0,
    });
    const fill = (tradeId: string, clientOrderId: string) => ({ tradeId, clientOrderId, symbol: 'BTCUSDT', side: 'BUY' as const, quantity: dec('0.02'), price: dec('40000'), commission: dec(0), commissionAsset: 'USDT', liquidity: 'MAKER' as const, timestamp: 1 });
    broker.adoptOrder(order('old'), { from: 'journal' });
    expect(broker.reconcileFill(fill('T1', 'old'), { from: 'journal' })).toBe(true);
    expect(records).toEqual([]);
    // Published and applied as any order: only the journal is spared.
    expect(seen).toEqual(['old:ACCEPTED', 'old:FILLED']);
    expect((await broker.localPositions()).map((p) => p.quantity.toString())).toEqual(['0.02']);
    broker.adoptOrder(order('new'));
    broker.reconcileFill(fill('T2', 'new'));
    expect(records).toEqual(['update:new:ACCEPTED', 'fill:T2', 'update:new:FILLED']);
  });
});

describe('AbstractBroker out-of-order venue updates', () => {
  it('drops a status that is behind what is known, but reports a contradiction', async () => {
    const bus = new EventBus();
    const errors: string[] = [];
    bus.on('BrokerError', (e) => errors.push(e.code));
    const broker = new ReferenceBroker({ id: 'ooo', bus, config: { cash: { USDT: dec(100000) } } });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    const apply = (broker as unknown as { applyVenueStatus(id: string, s: string): Order | undefined }).applyVenueStatus.bind(broker);
    expect(apply(order.clientOrderId, 'ACCEPTED')!.status).toBe('FILLED');
    expect(errors).toEqual([]);
    expect(apply(order.clientOrderId, 'CANCELED')!.status).toBe('FILLED');
    expect(errors).toEqual(['INVALID_STATE_TRANSITION']);
  });
});
