import { Decimal, PositionLedger, topOfBook, type FillEvent, type MarketDataEvent } from '@silvertine/core';

/** One point of the account's P&L: realized, unrealized and equity change (realized + unrealized − commissions). */
export interface DashboardPnLPoint {
  readonly t: number;
  readonly equity: string;
  readonly realized: string;
  readonly unrealized: string;
}

/** One point of a symbol's series (a price, or a signed position). Values are Decimal strings. */
export interface DashboardPoint {
  readonly t: number;
  readonly v: string;
}

/** A fill drawn as a marker on its symbol's price chart. */
export interface DashboardMarker {
  readonly t: number;
  readonly symbol: string;
  readonly side: string;
  readonly price: string;
  readonly quantity: string;
}

/** The time series the dashboard charts. Every list is a bounded ring (oldest first). */
export interface DashboardCharts {
  /** Ring size: no list here holds more points. */
  readonly capacity: number;
  readonly pnl: readonly DashboardPnLPoint[];
  readonly prices: Readonly<Record<string, readonly DashboardPoint[]>>;
  readonly positions: Readonly<Record<string, readonly DashboardPoint[]>>;
  readonly markers: readonly DashboardMarker[];
}

/** Most symbols followed; data for further symbols is ignored (the page has one price chart per symbol). */
const MAX_SYMBOLS = 16;

/**
 * Builds the dashboard's time series from the bus events monitoring already sees: market data marks
 * prices (trade price, quote mid, bar close), fills move positions through core's PositionLedger
 * (average-cost, exact Decimal) and become markers. Every value is kept as a Decimal string; the browser
 * converts to numbers only to draw. A print in the same `minIntervalMs` slot of time as a series' last
 * point replaces it (one point per slot), so a fast feed does not flush the ring within seconds.
 */
export class DashboardChartSeries {
  private readonly ledger = new PositionLedger();
  private commissions = Decimal.ZERO;
  private readonly pnl: DashboardPnLPoint[] = [];
  private readonly prices = new Map<string, DashboardPoint[]>();
  private readonly positions = new Map<string, DashboardPoint[]>();
  private readonly markers: DashboardMarker[] = [];
  /** Points that a later, closer point must not replace (fill-time points). */
  private readonly kept = new WeakSet<object>();

  constructor(
    private readonly capacity = 2000,
    private readonly minIntervalMs = 0,
  ) {}

  /** Records a price from market data; returns true when a point was added or replaced. */
  onMarketData(event: MarketDataEvent): boolean {
    const price = priceOf(event);
    if (!price) return false;
    const { symbol, value } = price;
    const series = this.seriesOf(this.prices, symbol);
    if (!series) return false;
    const t = event.data.timestamp || event.timestamp;
    this.append(series, { t, v: value.toString() });
    this.ledger.mark(symbol, value);
    if (this.ledger.symbols().includes(symbol)) this.appendPnL(t);
    return true;
  }

  /** Applies a fill: position, realized P&L and a marker (kept points: a later print never replaces them). */
  onFill(event: FillEvent): void {
    const { fill, order } = event;
    const t = fill.timestamp || event.timestamp;
    const positions = this.seriesOf(this.positions, fill.symbol);
    if (!positions) return;
    this.ledger.apply(order.request.instrument, fill.side, fill.quantity, fill.price);
    this.commissions = this.commissions.plus(fill.commission);
    if (this.ledger.markOf(fill.symbol) === undefined) this.ledger.mark(fill.symbol, fill.price);
    this.append(positions, { t, v: this.ledger.quantityOf(fill.symbol).toString() }, true);
    this.markers.push({ t, symbol: fill.symbol, side: fill.side, price: fill.price.toString(), quantity: fill.quantity.toString() });
    if (this.markers.length > this.capacity) this.markers.shift();
    this.appendPnL(t, true);
  }

  /** A copy of the series, for a snapshot. */
  charts(): DashboardCharts {
    return {
      capacity: this.capacity,
      pnl: [...this.pnl],
      prices: Object.fromEntries([...this.prices].map(([s, points]) => [s, [...points]])),
      positions: Object.fromEntries([...this.positions].map(([s, points]) => [s, [...points]])),
      markers: [...this.markers],
    };
  }

  private appendPnL(t: number, keep = false): void {
    let unrealized = Decimal.ZERO;
    for (const symbol of this.ledger.symbols()) unrealized = unrealized.plus(this.ledger.unrealizedOf(symbol));
    const realized = this.ledger.totalRealized();
    const equity = realized.plus(unrealized).minus(this.commissions);
    this.append(this.pnl, { t, equity: equity.toString(), realized: realized.toString(), unrealized: unrealized.toString() }, keep);
  }

  private seriesOf(map: Map<string, DashboardPoint[]>, symbol: string): DashboardPoint[] | undefined {
    let series = map.get(symbol);
    if (!series && map.size < MAX_SYMBOLS) map.set(symbol, (series = []));
    return series;
  }

  /** Appends in time order; a point in the same `minIntervalMs` slot as the last one replaces it, unless that one is kept. */
  private append<T extends { readonly t: number }>(list: T[], point: T, keep = false): void {
    const last = list[list.length - 1];
    if (last && point.t < last.t) point = { ...point, t: last.t };
    const sameSlot = last !== undefined && this.minIntervalMs > 0 && Math.floor(point.t / this.minIntervalMs) === Math.floor(last.t / this.minIntervalMs);
    if (last && !keep && !this.kept.has(last) && sameSlot) list[list.length - 1] = point;
    else list.push(point);
    if (keep) this.kept.add(point);
    if (list.length > this.capacity) this.kept.delete(list.shift() as T);
  }
}

function priceOf(event: MarketDataEvent): { symbol: string; value: Decimal } | undefined {
  const data = event.data;
  switch (data.kind) {
    case 'trade':
      return { symbol: data.symbol, value: data.price };
    case 'bar':
      return { symbol: data.symbol, value: data.close };
    default: {
      const quote = data.kind === 'book' ? topOfBook(data) : data;
      if (!quote || quote.bid.isZero() || quote.ask.isZero()) return undefined;
      return { symbol: quote.symbol, value: quote.bid.plus(quote.ask).div(2) };
    }
  }
}
