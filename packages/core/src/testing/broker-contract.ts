import type { Broker } from '../broker/broker';
import { Decimal } from '../decimal/decimal';
import type { Instrument } from '../domain/instrument';
import { ORDER_TYPES, type Fill, type Order, type OrderRequestInput, type OrderType } from '../domain/order';
import { BrokerError } from '../errors/broker-error';
import { InvalidOrderError, NotSupportedError, OrderNotFoundError } from '../errors/errors';
import type { EventBus } from '../events/event-bus';
import { createEvent } from '../events/event-factory';
import type { FillEvent } from '../events/events';
import { activeResourceCounts, leakedResources, waitFor } from './wait-for';

/** A connected broker and a handle to move its market, built fresh for each test. */
export interface ContractHarness {
  readonly broker: Broker;
  /** The bus the broker publishes on. */
  readonly bus: EventBus;
  readonly instrument: Instrument;
  /** A valid, small order quantity for `instrument` that the account can afford. */
  readonly quantity: Decimal;
  /** Moves the market of `instrument` to around `price` (both sides), resolving once the broker saw it. */
  setPrice(price: Decimal): Promise<void>;
  /** The starting price the suite moves around. */
  readonly price: Decimal;
  /** Stops emulators or anything else the harness started (after broker.disconnect). */
  teardown?(): Promise<void>;
}

export interface ContractOptions {
  /** Check the quote-asset balance against fills (spot/cash accounts). Default true. */
  readonly checkBalances?: boolean;
  /** Wait limit for asynchronous venue events, ms. Default 5000. */
  readonly timeoutMs?: number;
  /** Compare active resources before connect and after disconnect. Default true. */
  readonly checkOpenHandles?: boolean;
}

type Factory = () => Promise<ContractHarness>;

/**
 * The contract every broker passes. Call it inside a Jest test file with a factory that returns a
 * freshly connected broker. Uses Jest's globals (describe, it, expect).
 */
export function describeBrokerContract(name: string, factory: Factory, options: ContractOptions = {}): void {
  const ms = options.timeoutMs ?? 5_000;
  const orderIn = (h: ContractHarness, status: Order['status'], id: string) =>
    waitFor(h.broker.orders$, (o) => o.clientOrderId === id && o.status === status, ms, `${id} ${status}`);

  describe(`broker contract: ${name}`, () => {
    let h: ContractHarness;
    let fillEvents: FillEvent[];
    const baseline = activeResourceCounts();

    beforeEach(async () => {
      h = await factory();
      fillEvents = [];
      h.bus.fills$.subscribe((e) => { if (e.brokerId === h.broker.id) fillEvents.push(e); });
      await h.setPrice(h.price);
    });

    afterEach(async () => {
      await h.broker.disconnect();
      await h.teardown?.();
    });

    it('is connected and reports it', () => {
      expect(h.broker.state).toBe('CONNECTED');
    });

    it('places and cancels each supported resting order type', async () => {
      const resting = restingRequests(h).filter((r) => h.broker.capabilities.orderTypes.includes(r.type));
      expect(resting.length).toBeGreaterThan(0);
      for (const request of resting) {
        const placed = await h.broker.placeOrder(request);
        expect(['SUBMITTED', 'ACCEPTED']).toContain(placed.status);
        const canceled = orderIn(h, 'CANCELED', placed.clientOrderId);
        await h.broker.cancelOrder(placed.clientOrderId);
        expect((await canceled).filledQuantity.isZero()).toBe(true);
        expect((await h.broker.getOpenOrders()).map((o) => o.clientOrderId)).not.toContain(placed.clientOrderId);
      }
    });

    it('fills a market order and publishes each fill on the bus exactly once', async () => {
      const order = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'MARKET', quantity: h.quantity });
      const filled = order.status === 'FILLED' ? order : await orderIn(h, 'FILLED', order.clientOrderId);
      expect(filled.filledQuantity.eq(h.quantity)).toBe(true);
      const mine = fillEvents.filter((e) => e.fill.clientOrderId === order.clientOrderId);
      const tradeIds = mine.map((e) => e.fill.tradeId);
      expect(new Set(tradeIds).size).toBe(tradeIds.length);
      expect(Decimal.sum(mine.map((e) => e.fill.quantity)).eq(h.quantity)).toBe(true);
    });

    it('keeps positions and balances consistent with the fills', async () => {
      const before = await snapshot(h);
      const buy = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'MARKET', quantity: h.quantity });
      if (buy.status !== 'FILLED') await orderIn(h, 'FILLED', buy.clientOrderId);
      const after = await snapshot(h);
      const fills = fillEvents.map((e) => e.fill).filter((f) => f.clientOrderId === buy.clientOrderId);
      expect(after.position.minus(before.position).eq(signedQuantity(fills))).toBe(true);
      if (options.checkBalances ?? true) {
        expect(after.quote.minus(before.quote).eq(expectedCashChange(fills, h.instrument))).toBe(true);
      }
    });

    it('fills a resting limit order only when the market reaches it, at the limit or better', async () => {
      const limit = h.price.times('0.98').roundToStep(h.instrument.tickSize, 'DOWN');
      const order = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice: limit });
      await h.setPrice(h.price.times('0.99').roundToStep(h.instrument.tickSize));
      expect((await h.broker.getOrder(order.clientOrderId))!.filledQuantity.isZero()).toBe(true);
      const filled = orderIn(h, 'FILLED', order.clientOrderId);
      await h.setPrice(h.price.times('0.97').roundToStep(h.instrument.tickSize));
      const done = await filled;
      expect(done.averageFillPrice!.lte(limit)).toBe(true);
    });

    it('rejects an invalid quantity before any I/O, naming the field and the rule', async () => {
      const bad = h.instrument.stepSize.div(2);
      const attempt = h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity.plus(bad), limitPrice: h.price.times('0.9').roundToStep(h.instrument.tickSize) });
      await expect(attempt).rejects.toBeInstanceOf(InvalidOrderError);
      await expect(attempt).rejects.toMatchObject({ field: 'quantity', rule: 'stepSize' });
      expect(await h.broker.getOpenOrders()).toHaveLength(0);
    });

    it('refuses an unsupported order type with NotSupportedError', async () => {
      const all: readonly OrderType[] = ORDER_TYPES;
      const unsupported = all.find((t) => !h.broker.capabilities.orderTypes.includes(t));
      if (!unsupported) return expect(h.broker.capabilities.orderTypes).toHaveLength(all.length);
      const request = restingRequests(h).find((r) => r.type === unsupported)!;
      await expect(h.broker.placeOrder(request)).rejects.toBeInstanceOf(NotSupportedError);
    });

    it('classifies the cancel of an unknown order as OrderNotFoundError', async () => {
      const attempt = h.broker.cancelOrder('no-such-order');
      await expect(attempt).rejects.toBeInstanceOf(OrderNotFoundError);
      await expect(attempt).rejects.toBeInstanceOf(BrokerError);
    });

    it('acts on OrderEvents addressed to it on the bus', async () => {
      const clientOrderId = `bus${Date.now()}`;
      const accepted = waitFor(h.bus.orderUpdates$, (e) => e.order.clientOrderId === clientOrderId && e.order.status !== 'PENDING_SUBMIT', ms, 'bus order update');
      const limitPrice = h.price.times('0.9').roundToStep(h.instrument.tickSize);
      h.bus.publish(createEvent({ type: 'Order', action: 'submit', brokerId: h.broker.id, request: { clientOrderId, instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice } }));
      expect((await accepted).brokerId).toBe(h.broker.id);
      const canceled = orderIn(h, 'CANCELED', clientOrderId);
      h.bus.publish(createEvent({ type: 'Order', action: 'cancel', brokerId: h.broker.id, clientOrderId }));
      expect((await canceled).status).toBe('CANCELED');
    });

    it('disconnects cleanly, leaving no open handles', async () => {
      await h.broker.disconnect();
      expect(h.broker.state).toBe('DISCONNECTED');
      await h.teardown?.();
      if (options.checkOpenHandles ?? true) {
        let leaked: string[] = [];
        for (let i = 0; i < 20; i++) {
          await new Promise((r) => setImmediate(r));
          leaked = leakedResources(baseline, activeResourceCounts());
          if (leaked.length === 0) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        expect(leaked).toEqual([]);
      }
      h = { ...h, teardown: undefined };
    });
  });
}

function restingRequests(h: ContractHarness): OrderRequestInput[] {
  const tick = h.instrument.tickSize;
  const below = h.price.times('0.9').roundToStep(tick, 'DOWN');
  const above = h.price.times('1.1').roundToStep(tick, 'UP');
  const base = { instrument: h.instrument, side: 'BUY' as const, quantity: h.quantity };
  return [
    { ...base, type: 'LIMIT', limitPrice: below },
    { ...base, type: 'STOP', stopPrice: above },
    { ...base, type: 'STOP_LIMIT', stopPrice: above, limitPrice: above.plus(tick.times(10)) },
    { ...base, side: 'SELL', type: 'TRAILING_STOP', trailingAmount: h.price.times('0.05').roundToStep(tick) },
    // a buy take-profit waits for the market to fall to its trigger
    { ...base, type: 'TAKE_PROFIT', stopPrice: below },
    { ...base, type: 'TAKE_PROFIT_LIMIT', stopPrice: below, limitPrice: below },
    { ...base, side: 'SELL', type: 'TRAILING_STOP_LIMIT', trailingAmount: h.price.times('0.05').roundToStep(tick), trailingLimitOffset: tick.times(10) },
  ];
}

async function snapshot(h: ContractHarness): Promise<{ position: Decimal; quote: Decimal }> {
  const positions = await h.broker.getPositions();
  const balances = await h.broker.getBalances();
  return {
    position: positions.find((p) => p.instrument.symbol === h.instrument.symbol)?.quantity ?? Decimal.ZERO,
    quote: balances.find((b) => b.asset === h.instrument.quoteAsset)?.total ?? Decimal.ZERO,
  };
}

function signedQuantity(fills: readonly Fill[]): Decimal {
  return Decimal.sum(fills.map((f) => (f.side === 'BUY' ? f.quantity : f.quantity.negated())));
}

function expectedCashChange(fills: readonly Fill[], instrument: Instrument): Decimal {
  return Decimal.sum(
    fills.map((f) => {
      const notional = f.price.times(f.quantity).times(instrument.multiplier);
      const commission = f.commissionAsset === instrument.quoteAsset ? f.commission : Decimal.ZERO;
      return (f.side === 'BUY' ? notional.negated() : notional).minus(commission);
    }),
  );
}
