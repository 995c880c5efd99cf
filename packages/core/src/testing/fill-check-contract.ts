import type { Broker } from '../broker/broker';
import { Decimal } from '../decimal/decimal';
import type { BrokerPosition } from '../domain/account';
import type { Instrument } from '../domain/instrument';
import type { Fill, Order } from '../domain/order';
import { ReconcilingError } from '../errors/errors';
import type { EventBus } from '../events/event-bus';
import type { AlertEvent, BrokerErrorEvent, FillEvent } from '../events/events';
import type { VenueContradiction } from '../orders/fill-check';
import type { ReconcilableBroker } from '../reconciliation/reconcilable-broker';

/** A connected broker whose venue the test can make say anything, built fresh for each test. */
export interface FillCheckHarness {
  readonly broker: Broker & ReconcilableBroker & { readonly contradictions$: import('rxjs').Observable<VenueContradiction> };
  readonly bus: EventBus;
  /** An instrument the broker trades, whose market is at `price`. */
  readonly instrument: Instrument;
  readonly price: Decimal;
  /** An order quantity the account can afford at `price`; half of it must be a valid quantity. */
  readonly quantity: Decimal;
  /** Reports `fill` as the venue's (the adapter's `applyVenueFill`), returning whether it was applied. */
  venueFill(fill: Fill, venueCumulativeQuantity?: Decimal): boolean;
  teardown?(): Promise<void>;
}

interface Observed {
  fills: FillEvent[];
  alerts: AlertEvent[];
  errors: BrokerErrorEvent[];
  contradictions: VenueContradiction[];
}

/**
 * The fill checks of AbstractBroker, as every broker built on it must show them: a fill that contradicts
 * its order (side, symbol, a price beyond the limit, more than the remainder, the venue's cumulative
 * quantity going back) changes nothing, raises a CRITICAL alert and a VENUE_CONTRADICTION error, and
 * blocks new orders on the order's symbol until `reconciled()`. A replayed tradeId stays a silent no-op.
 * Uses Jest's globals.
 */
export function describeFillChecks(name: string, factory: () => Promise<FillCheckHarness>): void {
  describe(`fill checks: ${name}`, () => {
    let h: FillCheckHarness;
    let seen: Observed;
    let order: Order;
    let half: Decimal;
    let limit: Decimal;
    let first: Fill;

    beforeEach(async () => {
      h = await factory();
      seen = { fills: [], alerts: [], errors: [], contradictions: [] };
      h.bus.on('Fill', (e) => void (e.brokerId === h.broker.id && seen.fills.push(e)), 'fill-check-contract');
      h.bus.on('Alert', (e) => void (e.brokerId === h.broker.id && seen.alerts.push(e)), 'fill-check-contract');
      h.bus.on('BrokerError', (e) => void (e.brokerId === h.broker.id && seen.errors.push(e)), 'fill-check-contract');
      h.broker.contradictions$.subscribe((c) => seen.contradictions.push(c));
      limit = h.price.times('0.8').roundToStep(h.instrument.tickSize);
      half = h.quantity.div(2);
      order = await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice: limit });
      first = venueFill(order, { tradeId: 'venue-1', quantity: half, price: limit });
      expect(h.venueFill(first, half)).toBe(true);
    });

    afterEach(async () => {
      await h.broker.disconnect();
      await h.teardown?.();
    });

    const cases: readonly { what: string; rule: string; fill: () => Fill; cumulative?: () => Decimal; blocks?: () => string }[] = [
      { what: 'a SELL execution on a BUY order', rule: 'side', fill: () => venueFill(order, { side: 'SELL', price: limit }) },
      { what: 'an execution of another symbol', rule: 'symbol', fill: () => venueFill(order, { symbol: `${h.instrument.symbol}X`, price: limit }) },
      { what: 'a price far beyond the limit', rule: 'limit', fill: () => venueFill(order, { price: h.price.times('1.8') }) },
      { what: 'more than the remainder', rule: 'remainder', fill: () => venueFill(order, { quantity: h.quantity, price: limit }) },
      {
        what: "the venue's cumulative quantity going back", rule: 'cumulativeBackwards',
        fill: () => venueFill(order, { quantity: half.div(2), price: limit }), cumulative: () => half.div(2),
      },
    ];

    for (const c of cases) {
      it(`refuses ${c.what}: nothing changes, an alert goes out, the symbol is blocked until reconciled`, async () => {
        const before = await state(h, order.clientOrderId);
        const fillsBefore = seen.fills.length;
        const bad = c.fill();
        expect(h.venueFill(bad, c.cumulative?.() ?? half.plus(bad.quantity))).toBe(false);

        expect(await state(h, order.clientOrderId)).toEqual(before);
        expect(seen.fills).toHaveLength(fillsBefore);
        const alert = seen.alerts.find((a) => a.source === 'fill-check' && a.severity === 'CRITICAL');
        expect(alert?.details).toMatchObject({ rule: c.rule, symbol: h.instrument.symbol, clientOrderId: order.clientOrderId, tradeId: bad.tradeId });
        expect(seen.errors.filter((e) => e.code === 'VENUE_CONTRADICTION')).toEqual([expect.objectContaining({ severity: 'CRITICAL', clientOrderId: order.clientOrderId })]);
        expect(seen.contradictions.map((x) => x.error.rule)).toEqual([c.rule]);

        const next = { instrument: h.instrument, side: 'BUY' as const, type: 'LIMIT' as const, quantity: h.quantity, limitPrice: limit };
        await expect(h.broker.placeOrder(next)).rejects.toBeInstanceOf(ReconcilingError);
        h.broker.reconciled?.();
        expect(seen.alerts.some((a) => a.source === 'fill-check' && a.severity === 'INFO')).toBe(true);
        expect((await h.broker.placeOrder(next)).status).not.toBe('REJECTED');
      });
    }

    it('ignores a replayed tradeId silently, even one that no longer fits the order', async () => {
      const before = await state(h, order.clientOrderId);
      expect(h.venueFill({ ...first, quantity: h.quantity.times(10) }, half)).toBe(false);
      expect(await state(h, order.clientOrderId)).toEqual(before);
      expect(seen.alerts.filter((a) => a.source === 'fill-check')).toEqual([]);
      expect(seen.errors).toEqual([]);
      expect((await h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice: limit })).status).not.toBe('REJECTED');
    });

    it('applies a consistent fill after a refused one, and reconciled() for other symbols keeps the block', async () => {
      h.venueFill(venueFill(order, { side: 'SELL', price: limit }), half.times(2));
      h.broker.reconciled?.([`${h.instrument.symbol}X`]);
      await expect(h.broker.placeOrder({ instrument: h.instrument, side: 'BUY', type: 'LIMIT', quantity: h.quantity, limitPrice: limit })).rejects.toBeInstanceOf(ReconcilingError);
      expect(h.venueFill(venueFill(order, { quantity: half, price: limit }), h.quantity)).toBe(true);
      expect((await h.broker.getOrder(order.clientOrderId))?.status).toBe('FILLED');
    });
  });
}

let tradeSeq = 0;

/** A venue execution of `order` (its symbol and side, a fresh tradeId) with `overrides`. */
function venueFill(order: Order, overrides: Partial<Fill>): Fill {
  const { instrument } = order.request;
  return {
    tradeId: `contradiction-${++tradeSeq}`, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, symbol: instrument.symbol,
    side: order.request.side, quantity: order.remainingQuantity.div(2), price: order.request.limitPrice ?? Decimal.ONE,
    commission: Decimal.ZERO, commissionAsset: instrument.quoteAsset, liquidity: 'MAKER', timestamp: 0, ...overrides,
  };
}

/** What a refused fill must leave as it was: the order's fills and every view of positions and balances. */
async function state(h: FillCheckHarness, clientOrderId: string): Promise<{ filled?: Decimal; local: readonly BrokerPosition[]; venue: readonly BrokerPosition[]; balances: unknown }> {
  const order = await h.broker.getOrder(clientOrderId);
  return { filled: order?.filledQuantity, local: await h.broker.localPositions(), venue: await h.broker.getPositions(), balances: await h.broker.getBalances() };
}
