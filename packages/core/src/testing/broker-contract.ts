import type { Broker } from '../broker/broker';
import { trailingDistancesOf } from '../broker/capabilities';
import { Decimal } from '../decimal/decimal';
import type { BrokerPosition } from '../domain/account';
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
  /**
   * Safety net for asynchronous venue events, ms (default 20000): only a stuck broker reaches it, however
   * little CPU the process gets. Every wait is on an event (an order update, a bus event) or a barrier,
   * never on the clock. Each test and hook may take three times this before Jest stops it.
   */
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
  const ms = options.timeoutMs ?? 20_000;
  // Jest's own per-test timeout (5 s by default) must not cut a wait short of its safety net.
  const jestMs = 3 * ms;
  const contractIt = (title: string, fn: jest.ProvidesCallback) => it(title, fn, jestMs);
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
    }, jestMs);

    afterEach(async () => {
      await h.broker.disconnect();
      await h.teardown?.();
    }, jestMs);

    contractIt('is connected and reports it', () => {
      expect(h.broker.state).toBe('CONNECTED');
    });

    contractIt('places and cancels each supported resting order type', async () => {
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

    contractIt('fills a market order and publishes each fill on the bus exactly once', async () => {
      const order = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'MARKET', quantity: h.quantity });
      const filled = order.status === 'FILLED' ? order : await orderIn(h, 'FILLED', order.clientOrderId);
      expect(filled.filledQuantity.eq(h.quantity)).toBe(true);
      const mine = fillEvents.filter((e) => e.fill.clientOrderId === order.clientOrderId);
      const tradeIds = mine.map((e) => e.fill.tradeId);
      expect(new Set(tradeIds).size).toBe(tradeIds.length);
      expect(Decimal.sum(mine.map((e) => e.fill.quantity)).eq(h.quantity)).toBe(true);
    });

    contractIt('keeps positions and balances consistent with the fills', async () => {
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

    contractIt('serves its instruments: the harness instrument by symbol and in the list, nothing for an unknown symbol', async () => {
      const { symbol } = h.instrument;
      const found = await h.broker.instrument(symbol);
      expect(found).toMatchObject({
        symbol, assetClass: h.instrument.assetClass, quoteAsset: h.instrument.quoteAsset,
        tickSize: h.instrument.tickSize, stepSize: h.instrument.stepSize, multiplier: h.instrument.multiplier,
      });
      expect((await h.broker.instruments()).map((i) => i.symbol)).toContain(symbol);
      expect(await h.broker.instrument(UNKNOWN_SYMBOL)).toBeUndefined();
    });

    contractIt("shows a filled BUY in both position views: its own ledger's and the venue's", async () => {
      const local = () => h.broker.localPositions().then((p) => quantityOf(p, h.instrument.symbol));
      const venue = () => h.broker.getPositions().then((p) => quantityOf(p, h.instrument.symbol));
      const before = { local: await local(), venue: await venue() };
      const buy = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'MARKET', quantity: h.quantity });
      if (buy.status !== 'FILLED') await orderIn(h, 'FILLED', buy.clientOrderId);
      const fills = fillEvents.map((e) => e.fill).filter((f) => f.clientOrderId === buy.clientOrderId);
      // The ledger holds exactly the fills; the venue holds what it kept, less any commission it took in the bought asset.
      expect((await local()).minus(before.local).eq(signedQuantity(fills))).toBe(true);
      const takenInBase = Decimal.sum(fills.filter((f) => f.commissionAsset === h.instrument.baseAsset).map((f) => f.commission));
      expect((await venue()).minus(before.venue).eq(signedQuantity(fills).minus(takenInBase))).toBe(true);
    });

    contractIt('fills a resting limit order only when the market reaches it, at the limit or better', async () => {
      const limit = h.price.times('0.98').roundToStep(h.instrument.tickSize, 'DOWN');
      const order = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice: limit });
      await h.setPrice(h.price.times('0.99').roundToStep(h.instrument.tickSize));
      expect((await h.broker.getOrder(order.clientOrderId))!.filledQuantity.isZero()).toBe(true);
      const filled = orderIn(h, 'FILLED', order.clientOrderId);
      await h.setPrice(h.price.times('0.97').roundToStep(h.instrument.tickSize));
      const done = await filled;
      expect(done.averageFillPrice!.lte(limit)).toBe(true);
    });

    contractIt('rejects an invalid quantity before any I/O, naming the field and the rule', async () => {
      const bad = h.instrument.stepSize.div(2);
      const attempt = h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity.plus(bad), limitPrice: h.price.times('0.9').roundToStep(h.instrument.tickSize) });
      await expect(attempt).rejects.toBeInstanceOf(InvalidOrderError);
      await expect(attempt).rejects.toMatchObject({ field: 'quantity', rule: 'stepSize' });
      expect(await h.broker.getOpenOrders()).toHaveLength(0);
    });

    contractIt('refuses an unsupported order type with NotSupportedError', async () => {
      const all: readonly OrderType[] = ORDER_TYPES;
      const unsupported = all.find((t) => !h.broker.capabilities.orderTypes.includes(t));
      if (!unsupported) return expect(h.broker.capabilities.orderTypes).toHaveLength(all.length);
      const request = restingRequests(h).find((r) => r.type === unsupported)!;
      await expect(h.broker.placeOrder(request)).rejects.toBeInstanceOf(NotSupportedError);
    });

    contractIt('classifies the cancel of an unknown order as OrderNotFoundError', async () => {
      const attempt = h.broker.cancelOrder('no-such-order');
      await expect(attempt).rejects.toBeInstanceOf(OrderNotFoundError);
      await expect(attempt).rejects.toBeInstanceOf(BrokerError);
    });

    contractIt('acts on OrderEvents addressed to it on the bus', async () => {
      const clientOrderId = `bus${Date.now()}`;
      const accepted = waitFor(h.bus.orderUpdates$, (e) => e.order.clientOrderId === clientOrderId && e.order.status !== 'PENDING_SUBMIT', ms, 'bus order update');
      const limitPrice = h.price.times('0.9').roundToStep(h.instrument.tickSize);
      h.bus.publish(createEvent({ type: 'Order', action: 'submit', brokerId: h.broker.id, request: { clientOrderId, instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice } }));
      expect((await accepted).brokerId).toBe(h.broker.id);
      const canceled = orderIn(h, 'CANCELED', clientOrderId);
      h.bus.publish(createEvent({ type: 'Order', action: 'cancel', brokerId: h.broker.id, clientOrderId }));
      expect((await canceled).status).toBe('CANCELED');
    });

    contractIt('disconnects cleanly, leaving no open handles', async () => {
      await h.broker.disconnect();
      expect(h.broker.state).toBe('DISCONNECTED');
      await h.teardown?.();
      // The barrier is disconnect() and teardown() having resolved: what they closed goes away within a few
      // event-loop turns (close callbacks run in the turn after the close), so the check turns the loop
      // until nothing is left, and `ms` is only a safety net for a handle that really stays open.
      if (options.checkOpenHandles ?? true) expect(await resourcesLeftAfterClose(baseline, ms)).toEqual([]);
      h = { ...h, teardown: undefined };
    });
  });
}

/** A symbol no venue lists. */
const UNKNOWN_SYMBOL = 'NOSUCHSYMBOL0';

/**
 * Resource types still above `baseline`, after letting the event loop turn (setImmediate: no timer, no
 * sleeping) until there are none, or `safetyNetMs` has passed.
 */
async function resourcesLeftAfterClose(baseline: Map<string, number>, safetyNetMs: number): Promise<string[]> {
  const deadline = Date.now() + safetyNetMs;
  let leaked = leakedResources(baseline, activeResourceCounts());
  while (leaked.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    leaked = leakedResources(baseline, activeResourceCounts());
  }
  return leaked;
}

function quantityOf(positions: readonly BrokerPosition[], symbol: string): Decimal {
  return Decimal.sum(positions.filter((p) => p.instrument.symbol === symbol).map((p) => p.quantity));
}

function restingRequests(h: ContractHarness): OrderRequestInput[] {
  const tick = h.instrument.tickSize;
  const below = h.price.times('0.9').roundToStep(tick, 'DOWN');
  const above = h.price.times('1.1').roundToStep(tick, 'UP');
  const base = { instrument: h.instrument, side: 'BUY' as const, quantity: h.quantity };
  // A 5 % trail, in the form the broker takes: by amount where it can, else by percent (Binance trails by
  // percentage only). Both rest until the market falls 5 % from its best.
  const trail = trailingDistancesOf(h.broker.capabilities).includes('AMOUNT')
    ? { trailingAmount: h.price.times('0.05').roundToStep(tick) }
    : { trailingPercent: Decimal.from(5) };
  return [
    { ...base, type: 'LIMIT', limitPrice: below },
    { ...base, type: 'STOP', stopPrice: above },
    { ...base, type: 'STOP_LIMIT', stopPrice: above, limitPrice: above.plus(tick.times(10)) },
    { ...base, side: 'SELL', type: 'TRAILING_STOP', ...trail },
    // a buy take-profit waits for the market to fall to its trigger
    { ...base, type: 'TAKE_PROFIT', stopPrice: below },
    { ...base, type: 'TAKE_PROFIT_LIMIT', stopPrice: below, limitPrice: below },
    { ...base, side: 'SELL', type: 'TRAILING_STOP_LIMIT', ...trail, trailingLimitOffset: tick.times(10) },
  ];
}

async function snapshot(h: ContractHarness): Promise<{ position: Decimal; quote: Decimal }> {
  // The ledger's view: it moves by exactly the fills (the venue's may differ by a commission in the asset bought).
  const positions = await h.broker.localPositions();
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
