import type { BrokerPosition, Clock, Fill, Instrument, Logger, Order, VenueStateSource } from '@silvertine/core';
import type { Contract, IBApiNext } from '@stoqey/ib';
import { withTimeout } from '../connection/ib-requests';
import { decodeOrRefuse, listField, type PayloadRefusal } from '../decoding/decode-fields';
import { decodeExecutionRow, type IbCommissionMessage, type IbExecutionMessage } from '../decoding/execution.decoder';
import { decodeOpenOrder, type IbOpenOrderMessage } from '../decoding/open-order.decoder';
import { toFill } from '../mapping/execution.mapper';
import { formatGoodTillDate } from '../mapping/order.mapper';
import { clientOrderIdOf, orderFromExecutions, toVenueOrder } from '../mapping/open-order.mapper';

/** Where an order TWS listed lives at IB: which API client placed it, under which id and contract. */
export interface IbVenueOrderRef {
  readonly clientOrderId: string;
  readonly orderId: number;
  /** The API client that placed it (0 for orders entered in TWS itself). */
  readonly clientId: number;
  readonly contract: Contract;
  readonly instrument: Instrument;
}

/** What IbVenueState needs from its broker; the broker builds it (see InteractiveBrokersBroker.venueState). */
export interface IbVenueStateHost {
  readonly brokerId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly requestTimeoutMs: number;
  /** How long to wait for commission reports missing after EXECUTION_DATA_END. */
  readonly commissionWaitMs: number;
  /** The live IBApiNext; throws a TemporaryConnectionError while disconnected. */
  api(): IBApiNext;
  /** Listens to (decoded) commission reports on the raw event stream until the returned function is called. */
  onCommission(listener: (report: IbCommissionMessage) => void): () => void;
  /** How a refused answer is reported (the broker's payload errors). */
  readonly refuse: PayloadRefusal;
  /** Accounts this broker trades: orders, executions and positions of other accounts are not ours. */
  accounts(): readonly string[];
  /** The order this process tracks under that id, if any. */
  knownOrder(clientOrderId: string): Order | undefined;
  /** Our instrument for a contract (the tracked order's first, so symbols match what the user trades). */
  instrumentFor(contract: Contract, clientOrderId: string): Instrument | undefined;
  /** Positions as TWS reports them (reqPositions), for our accounts. */
  positions(): Promise<readonly BrokerPosition[]>;
}

interface Snapshot<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

interface ExecutionRow {
  readonly clientOrderId: string;
  readonly fill: Fill;
  readonly execution: IbExecutionMessage;
  readonly instrument: Instrument;
}

/**
 * TWS's own account of orders, executions and positions: core's `VenueStateSource`. Orders come from
 * reqAllOpenOrders (every API client's and TWS's own), executions from reqExecutions with a time
 * filter, joined with their commission reports by execId, positions from reqPositions. IB orders carry
 * our clientOrderId in orderRef; orders without one (entered in TWS) get `ib-perm-<permId>`.
 *
 * Reads within `cacheMs` of each other share one request, so a reconciliation pass asking about many
 * orders costs two requests, not two per order. TWS returns only the current day's executions: an order
 * that filled on an earlier day and is no longer open is unknown here, and the position check catches it.
 */
export class IbVenueState implements VenueStateSource {
  private readonly refs = new Map<string, IbVenueOrderRef>();
  private openSnapshot?: Snapshot<readonly IbOpenOrderMessage[]>;
  private executionSnapshot?: Snapshot<readonly ExecutionRow[]>;

  constructor(private readonly host: IbVenueStateHost, private readonly cacheMs = 1_000) {}

  /** Orders TWS lists as open on our accounts, as core Orders (types core cannot express are left out). */
  async openOrders(): Promise<readonly Order[]> {
    const out: Order[] = [];
    for (const open of await this.listOpen(true)) {
      const order = this.mapOpen(open);
      if (order) out.push(order);
    }
    return out;
  }

  /** Executions on our accounts since `since` (epoch ms, second resolution at TWS), with commissions. */
  async recentFills(since: number): Promise<readonly Fill[]> {
    return (await this.executions(since, true)).map((row) => row.fill);
  }

  /** Positions TWS holds on our accounts. */
  positions(): Promise<readonly BrokerPosition[]> {
    return this.host.positions();
  }

  /** One order by clientOrderId: open at TWS, else rebuilt from the day's executions, else undefined. */
  async orderByClientId(clientOrderId: string): Promise<Order | undefined> {
    for (const open of await this.listOpen(false)) {
      if (clientOrderIdOf(open, open.orderId) === clientOrderId) return this.mapOpen(open);
    }
    const rows = (await this.executions(undefined, false)).filter((row) => row.clientOrderId === clientOrderId);
    const first = rows[0];
    if (!first) return undefined;
    this.remember({ clientOrderId, orderId: first.execution.orderId, clientId: first.execution.clientId ?? 0, contract: first.execution.contract, instrument: first.instrument });
    return orderFromExecutions(
      rows.map((r) => ({ orderId: r.execution.orderId, shares: r.fill.quantity, price: r.fill.price, side: r.fill.side, account: r.execution.account })),
      { clientOrderId, instrument: first.instrument, now: this.host.clock.now(), known: this.host.knownOrder(clientOrderId) },
    );
  }

  /** Where TWS keeps an order this source reported (lets the broker cancel adopted orders of its own client id). */
  venueRef(clientOrderId: string): IbVenueOrderRef | undefined {
    return this.refs.get(clientOrderId);
  }

  private mapOpen(open: IbOpenOrderMessage): Order | undefined {
    const clientOrderId = clientOrderIdOf(open, open.orderId);
    const instrument = this.host.instrumentFor(open.contract, clientOrderId);
    if (!instrument) return undefined;
    const order = toVenueOrder(open, { clientOrderId, instrument, now: this.host.clock.now() });
    if (!order) this.host.logger.warn('open order of a type core cannot express', { clientOrderId, orderType: open.orderType });
    else this.remember({ clientOrderId, orderId: open.orderId, clientId: open.clientId ?? 0, contract: open.contract, instrument });
    return order;
  }

  private remember(ref: IbVenueOrderRef): void {
    this.refs.set(ref.clientOrderId, ref);
  }

  private listOpen(fresh: boolean): Promise<readonly IbOpenOrderMessage[]> {
    const now = this.host.clock.now();
    if (fresh || !this.openSnapshot || now - this.openSnapshot.at > this.cacheMs) {
      const accounts = new Set(this.host.accounts());
      const value = withTimeout(this.host.api().getAllOpenOrders(), this.host.clock, this.host.requestTimeoutMs, 'open orders', this.host.brokerId)
        .then((list) => decodeOpenOrders(list, this.host.refuse).filter((o) => !o.account || accounts.has(o.account)));
      this.openSnapshot = { at: now, value };
      value.catch(() => (this.openSnapshot = undefined));
    }
    return this.openSnapshot.value;
  }

  private executions(since: number | undefined, fresh: boolean): Promise<readonly ExecutionRow[]> {
    const now = this.host.clock.now();
    // a filtered answer is not the whole day: only unfiltered ones are cached for orderByClientId
    if (since !== undefined || fresh || !this.executionSnapshot || now - this.executionSnapshot.at > this.cacheMs) {
      const value = this.requestExecutions(since);
      if (since !== undefined) return value;
      this.executionSnapshot = { at: now, value };
      value.catch(() => (this.executionSnapshot = undefined));
    }
    return this.executionSnapshot.value;
  }

  /** reqExecutions, joined with the commission reports TWS sends alongside (waiting briefly for stragglers). */
  private async requestExecutions(since: number | undefined): Promise<ExecutionRow[]> {
    const { host } = this;
    const commissions = new Map<string, IbCommissionMessage>();
    let missing: { ids: Set<string>; done: () => void } | undefined;
    const stop = host.onCommission((report) => {
      commissions.set(report.execId, report);
      if (missing?.ids.delete(report.execId) && missing.ids.size === 0) missing.done();
    });
    try {
      // IB's UTC form of the filter time; TWS compares at second resolution, so round down
      const filter = since !== undefined ? { time: formatGoodTillDate(Math.floor(since / 1_000) * 1_000) } : {};
      const details = await withTimeout(host.api().getExecutionDetails(filter), host.clock, host.requestTimeoutMs, 'executions', host.brokerId);
      const accounts = new Set(host.accounts());
      const mine = decodeOrRefuse('execDetails', details, (v) => listField(v, 'executionDetails'), host.refuse)
        .map((row) => decodeOrRefuse('execDetails', row, decodeExecutionRow, host.refuse))
        .filter((e) => !e.account || accounts.has(e.account));
      const ids = new Set(mine.map((e) => e.execId).filter((id) => !commissions.has(id)));
      if (ids.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = host.clock.setTimeout(resolve, host.commissionWaitMs);
          missing = { ids, done: () => { timer.cancel(); resolve(); } };
        });
        if (missing?.ids.size) host.logger.warn('executions reconciled without their commission reports', { count: missing.ids.size });
      }
      const rows: ExecutionRow[] = [];
      for (const execution of mine) {
        const clientOrderId = clientOrderIdOf(execution, execution.orderId);
        const instrument = host.instrumentFor(execution.contract, clientOrderId);
        if (!instrument) continue;
        const fill = toFill(execution, commissions.get(execution.execId), { clientOrderId, instrument, receivedAt: host.clock.now() });
        rows.push({ clientOrderId, fill, execution, instrument });
      }
      return rows;
    } finally {
      stop();
    }
  }
}


/** Every listed open order decoded; one that fails refuses the whole list (a partial list would look like closed orders). */
export function decodeOpenOrders(list: unknown, refuse: PayloadRefusal): IbOpenOrderMessage[] {
  return decodeOrRefuse('openOrder', list, (v) => listField(v, 'openOrders'), refuse).map((entry) => decodeOrRefuse('openOrder', entry, decodeOpenOrder, refuse));
}
