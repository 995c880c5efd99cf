import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, EventBus, ManualClock, dec, type Order, type OrderJournal, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { FileOrderJournal } from '../journal/file-order-journal';
import { replayKey } from '../journal/journal-replay';
import { ReconciliationBlockedError, Reconciler } from '../reconciliation/reconciler';
import { ReconcilableReferenceBroker } from '../testing/reconcilable-reference-broker';
import { ScriptedVenue } from '../testing/scripted-venue';
import { SafetyStack } from './safety-stack';

const instrument = testInstrument();
const limit = (id: string, timeInForce: OrderRequest['timeInForce'] = 'GTC'): OrderRequest => ({ clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('40000'), timeInForce });

/** A venue whose next `openOrders` (the first query of a reconcile pass) waits at a barrier the test opens. */
class HeldVenue extends ScriptedVenue {
  private gate?: { reached: () => void; released: Promise<void> };

  /** Holds the next pass; resolves `reached` once the pass waits, and lets it go on `release()`. */
  hold(): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const atBarrier = new Promise<void>((resolve) => (reached = resolve));
    this.gate = { reached, released };
    return { reached: atBarrier, release };
  }

  override async openOrders(): Promise<readonly Order[]> {
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      gate.reached();
      await gate.released;
    }
    return super.openOrders();
  }
}

class VenueBroker extends ReconcilableReferenceBroker {
  readonly venue = new HeldVenue();
  venueState(): HeldVenue {
    return this.venue;
  }
}

/** The stack's journal, telling when an order's submit record has been written. */
class WatchedJournal extends FileOrderJournal {
  private readonly written = new Map<string, () => void>();
  private readonly waits = new Map<string, Promise<void>>();

  submitted(clientOrderId: string): Promise<void> {
    let wait = this.waits.get(clientOrderId);
    if (!wait) {
      wait = new Promise<void>((resolve) => this.written.set(clientOrderId, resolve));
      this.waits.set(clientOrderId, wait);
    }
    return wait;
  }

  override async recordSubmit(brokerId: string, request: OrderRequest, at: number): Promise<void> {
    void this.submitted(request.clientOrderId);
    await super.recordSubmit(brokerId, request, at);
    this.written.get(request.clientOrderId)?.();
  }
}

describe('SafetyStack: orders placed while a reconcile pass runs', () => {
  let dir: string;
  let clock: ManualClock;
  let bus: EventBus;
  let journal: WatchedJournal;
  let stack: SafetyStack;
  let broker: VenueBroker;

  /** Builds as config's factory does; `withJournal: false` leaves the stack without one. */
  async function build(withJournal = true): Promise<void> {
    const reconciler = new Reconciler({ clock, bus });
    stack = new SafetyStack({ journal: withJournal ? journal : undefined, reconciler, clock });
    const info = { name: 'live', type: 'ib' };
    await stack.beforeCreate(info);
    const preTradeChecks = [...stack.preTradeChecks(info)];
    const orderJournal: OrderJournal | undefined = stack.orderJournal(info);
    broker = new VenueBroker({ id: 'live', config: { cash: { USDT: dec(10_000_000) } }, clock, bus, journal: orderJournal, preTradeChecks });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    await stack.afterConnect(broker, info);
  }

  /** Drops and restores the connection: the stack's reconnect pass starts, held at the venue's barrier. */
  async function reconnectHeld(): Promise<() => void> {
    const { reached, release } = broker.venue.hold();
    await broker.disconnect();
    await broker.connect();
    await reached;
    expect(broker.state).toBe('CONNECTED');
    return release;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safety-reconciling-'));
    clock = new ManualClock(1_000);
    bus = new EventBus();
    journal = new WatchedJournal({ path: join(dir, 'orders.journal'), fsync: 'never', clock });
  });
  afterEach(async () => {
    stack.beforeDisconnect(broker);
    await stack.close();
    await broker.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds an order placed after CONNECTED until the pass ends, journaled first, then sends it once: ACCEPTED', async () => {
    await build();
    const release = await reconnectHeld();

    const placing = broker.placeOrder(limit('during-pass'));
    await journal.submitted('during-pass');
    const replay = await journal.replay();
    expect(replay.orders.get(replayKey('live', 'during-pass'))?.submittedAt).toBeDefined(); // journaled before any I/O
    await new Promise<void>((resolve) => setImmediate(resolve)); // every job the journal write queued has run
    expect(broker.sent).not.toContain('during-pass'); // held: the pass has not ended

    release();
    await expect(placing).resolves.toMatchObject({ clientOrderId: 'during-pass', status: 'ACCEPTED' });
    expect(broker.sent.filter((id) => id === 'during-pass')).toHaveLength(1);
  });

  it('refuses the held order with a non-retryable ReconciliationBlockedError when the pass ends blocked, and journals it REJECTED', async () => {
    await build();
    const release = await reconnectHeld();
    // An unexplained position at the venue: the pass ends with the broker blocked.
    broker.venue.positionList = [{ instrument, quantity: dec('1.5'), averagePrice: dec('40000'), realizedPnl: Decimal.ZERO, unrealizedPnl: Decimal.ZERO }];

    const placing = broker.placeOrder(limit('held-then-blocked'));
    await journal.submitted('held-then-blocked');
    release();
    const error = await placing.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ReconciliationBlockedError);
    expect(error).toMatchObject({ code: 'CIRCUIT_OPEN', retryable: false, inProgress: false });
    expect(broker.sent).not.toContain('held-then-blocked');
    const replayed = (await journal.replay()).orders.get(replayKey('live', 'held-then-blocked'));
    expect(replayed?.lastOrder?.status).toBe('REJECTED'); // not left in flight for the next restart to look up
    // A later order is refused at once by the real block, still not retryable.
    await expect(broker.placeOrder(limit('after-block'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: false });
  });

  it('refuses a held order past the queue\'s max age (5 s for IOC) as retryable, the pass still running', async () => {
    await build();
    const release = await reconnectHeld();
    const placing = broker.placeOrder(limit('ioc-during-pass', 'IOC'));
    await journal.submitted('ioc-during-pass');
    await new Promise<void>((resolve) => setImmediate(resolve)); // the order is waiting on the clock
    clock.advance(5_000);
    await expect(placing).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: true, inProgress: true });
    release();
    expect(broker.sent).not.toContain('ioc-during-pass');
  });

  it('sends an order placed with no pass running at once', async () => {
    await build();
    await expect(broker.placeOrder(limit('no-pass'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    expect(broker.sent).toEqual(['no-pass']);
  });

  it('without a journal to hold orders, refuses one placed during the pass as retryable', async () => {
    await build(false);
    const release = await reconnectHeld();
    await expect(broker.placeOrder(limit('unheld'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: true, severity: 'RECOVERABLE', inProgress: true });
    release();
    expect(broker.sent).toEqual([]);
  });
});
