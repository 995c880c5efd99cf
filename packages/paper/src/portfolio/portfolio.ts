import {
  Decimal,
  InsufficientFundsError,
  PositionLedger,
  type AccountType,
  type AssetClass,
  type BrokerAccountInfo,
  type BrokerBalance,
  type BrokerPosition,
  type Fill,
  type Instrument,
  type OrderRequest,
  type Quote,
} from '@silvertine/core';
import { midOf, timesMultiplier } from '../models/decimal-math';

/** Margin rates as fractions of position value (0.25 = 25 %). */
export interface MarginRates {
  readonly initial: Decimal;
  readonly maintenance: Decimal;
}

/** Configuration of a paper account. */
export interface PortfolioConfig {
  readonly accountId?: string;
  readonly accountType: AccountType;
  /** Currency equity is reported in; other assets are valued through an instrument `<asset><base>` when marked. */
  readonly baseCurrency: string;
  readonly initialBalances: Readonly<Record<string, Decimal>>;
  /** MARGIN: default initial margin is 1 / leverage (default leverage 1), maintenance half of it. */
  readonly leverage?: Decimal;
  /** MARGIN: rates per asset class, overriding the leverage default. */
  readonly margin?: Partial<Readonly<Record<AssetClass, MarginRates>>>;
  /**
   * CASH accounts: extra fraction of a buy's cost locked for its fee (default 0). Venues lock exactly
   * price × quantity of a limit buy (Binance spot takes the fee from the asset received: binance.com
   * FAQ "What is Binance Spot Trading Fee and How to Calculate"), so only a user who wants a cushion for
   * quote-asset fees sets one.
   */
  readonly feeReserve?: Decimal;
}

/** Equity against the maintenance requirement. */
export interface MarginStatus {
  readonly equity: Decimal;
  readonly maintenanceRequired: Decimal;
  readonly marginCall: boolean;
}

interface Lock {
  readonly asset: string;
  /** True when the lock holds position units (a cash-account sell of a held position), not a balance. */
  readonly ofPosition: boolean;
  remaining: Decimal;
  quantityLeft: Decimal;
}

interface MutableBalance {
  free: Decimal;
  locked: Decimal;
}

/**
 * A paper account's ledger: balances per asset (free, locked for open orders), positions with average
 * cost and realised/unrealised P&L, commissions, equity and margin.
 *
 * In a CASH account a crypto pair (an instrument with a base asset) settles both assets: buying
 * BTCUSDT spends USDT and receives BTC. Everything else (stocks, futures, any MARGIN instrument) moves
 * the quote asset and holds a position. Exactness: cash + position value = initial equity + realised +
 * unrealised − commissions, to the last unit.
 */
export class Portfolio {
  private readonly balances = new Map<string, MutableBalance>();
  private readonly locks = new Map<string, Lock>();
  /**
   * The lock of the order reserved last, held here rather than in `locks` until the next reserve moves it
   * there: an order that fills (or is refused) before another is reserved, as a marketable order does
   * when the venue answers at once, never writes, reads or deletes a map entry under its fresh id (a
   * first hash of the id and a delete that leaves the map a hole to rehash later).
   */
  private recentLockId: string | undefined;
  private recentLock: Lock | undefined;
  private readonly positions: PositionLedger;
  private readonly commissions = new Map<string, Decimal>();
  /** Per symbol: fees taken in its base asset (a physically settled buy that pays in the asset received). */
  private readonly feesInBase = new Map<string, Decimal>();
  private readonly instruments = new Map<string, Instrument>();
  private readonly marks = new Map<string, Decimal>();
  /**
   * Quotes whose mid is the symbol's mark but not yet computed (`markQuote`): the division waits until
   * something reads a mark, and most quotes are followed by another before anything does.
   */
  private readonly pendingMarks = new Map<string, Quote>();

  /** 1 + feeReserve, computed once: buys lock notional × this. */
  private readonly reserveFactor: Decimal;

  /**
   * @param positions the ledger positions live in: the broker passes its own (AbstractBroker's
   *   `positionLedger`, which the base applies every fill to), so each fill is applied once; standalone
   *   use gets a fresh one.
   * @param quoteMid the mid of a quote `markQuote` deferred (default `(bid + ask) / 2`): a host that has
   *   already computed it (the broker's engine caches one per quote) passes it in so it is not computed twice.
   */
  constructor(
    private readonly config: PortfolioConfig,
    instruments: readonly Instrument[] = [],
    positions: PositionLedger = new PositionLedger(),
    private readonly quoteMid: (quote: Quote) => Decimal = (quote) => midOf(quote.bid, quote.ask),
  ) {
    this.positions = positions;
    this.reserveFactor = Decimal.ONE.plus(config.feeReserve ?? Decimal.ZERO);
    for (const [asset, amount] of Object.entries(config.initialBalances)) this.balances.set(asset, { free: amount, locked: Decimal.ZERO });
    for (const instrument of instruments) this.instruments.set(instrument.symbol, instrument);
  }

  /** True when fills of this instrument move its base asset balance (crypto spot in a cash account). */
  settlesPhysically(instrument: Instrument): boolean {
    return this.config.accountType === 'CASH' && instrument.baseAsset !== undefined && instrument.assetClass === 'CRYPTO';
  }

  /**
   * Checks the order can be paid for and locks what it needs until it fills or closes. Throws
   * InsufficientFundsError stating the amounts otherwise. `referencePrice` prices MARKET and stop orders.
   */
  reserve(request: OrderRequest, referencePrice: Decimal | undefined): void {
    this.settleMarks();
    const { instrument, side, quantity, clientOrderId } = request;
    this.instruments.set(instrument.symbol, instrument);
    const price = request.limitPrice ?? request.stopPrice ?? referencePrice;
    const base = instrument.baseAsset;
    // The refusals are module functions, not closures over the request: this runs for every order.
    let asset = instrument.quoteAsset;
    let amount: Decimal;
    if (this.config.accountType === 'MARGIN') {
      const increasing = this.increases(instrument.symbol, side, quantity);
      amount = increasing.isZero() ? Decimal.ZERO : increasing.times(needPrice(price, clientOrderId)).times(instrument.multiplier).times(this.ratesFor(instrument.assetClass).initial);
      const available = this.marginAvailable().minus(this.totalLocked(asset));
      if (amount.gt(available)) refuse(clientOrderId, amount, `${asset} of initial margin`, available);
    } else if (side === 'BUY') {
      amount = timesMultiplier(quantity.times(needPrice(price, clientOrderId)), instrument.multiplier).times(this.reserveFactor);
      const free = this.balanceOf(asset).free;
      if (amount.gt(free)) refuse(clientOrderId, amount, asset, free);
    } else if (base !== undefined && this.settlesPhysically(instrument)) {
      asset = base;
      amount = quantity;
      const free = this.balanceOf(asset).free;
      if (amount.gt(free)) refuse(clientOrderId, amount, asset, free);
    } else {
      // A cash account cannot sell short: only what it holds and has not offered already.
      asset = `position:${instrument.symbol}`;
      amount = quantity;
      const available = this.positions.quantityOf(instrument.symbol).minus(this.totalLocked(asset));
      if (amount.gt(available)) refuse(clientOrderId, amount, `${instrument.symbol} held`, available);
    }
    const ofPosition = asset.startsWith('position:');
    this.addLock(clientOrderId, { asset, ofPosition, remaining: amount, quantityLeft: quantity });
    if (!ofPosition) {
      const b = this.balanceOf(asset);
      b.free = b.free.minus(amount);
      b.locked = b.locked.plus(amount);
    }
  }

  /** Returns what an order still has locked (on cancel, expiry, reject). */
  release(clientOrderId: string): void {
    const lock = this.lockOf(clientOrderId);
    if (!lock) return;
    this.dropLock(clientOrderId);
    if (!lock.ofPosition) this.unlock(lock.asset, lock.remaining);
  }

  /**
   * Applies an execution: moves the position in the ledger, then settles it (`settleFill`). Returns the
   * P&L it realised. For a ledger its owner has already applied the fill to, call `settleFill` alone.
   */
  applyFill(fill: Fill, instrument: Instrument): Decimal {
    this.settleMarks();
    const realized = this.positions.apply(instrument, fill.side, fill.quantity, fill.price);
    this.settleFill(fill, instrument);
    return realized;
  }

  /**
   * Settles an execution whose position move is already in the ledger: releases its share of the
   * lock, moves cash (and the base asset of a physically settled pair), charges the commission, and
   * marks a position not marked yet at the fill price.
   */
  settleFill(fill: Fill, instrument: Instrument): void {
    this.settleMarks();
    this.instruments.set(instrument.symbol, instrument);
    const buy = fill.side === 'BUY';
    const quoteAsset = instrument.quoteAsset;
    const baseAsset = instrument.baseAsset;
    const physical = baseAsset !== undefined && this.settlesPhysically(instrument);
    const commission = fill.commission;
    const charged = !commission.isZero();
    // Each balance's changes are summed first and written once: additions are exact, so the order of
    // summing changes no result, and a fill makes about half the Decimal operations it made moving the
    // lock release, the payment, the asset received and the fee one at a time. Balances are still first
    // touched in the same order (lock asset, quote, base, fee asset), so balanceList keeps its order: a
    // lock in the base asset was taken by reserve, which touched that balance first.
    // Released shares are subtracted from `locked` and added to `free` directly (no negated copies).
    const cost = timesMultiplier(fill.price.times(fill.quantity), instrument.multiplier);
    let quoteUnlocked = Decimal.ZERO;
    let baseUnlocked = Decimal.ZERO;
    const lock = this.lockOf(fill.clientOrderId);
    if (lock) {
      const last = fill.quantity.gte(lock.quantityLeft);
      const share = last ? lock.remaining : lock.remaining.times(fill.quantity).div(lock.quantityLeft, 'DOWN');
      if (last) {
        this.dropLock(fill.clientOrderId);
      } else {
        lock.remaining = lock.remaining.minus(share);
        lock.quantityLeft = lock.quantityLeft.minus(fill.quantity);
      }
      if (lock.ofPosition) {
        // position units are not a balance: nothing to release
      } else if (lock.asset === quoteAsset) {
        quoteUnlocked = share;
      } else if (physical && lock.asset === baseAsset) {
        baseUnlocked = share;
      } else {
        this.unlock(lock.asset, share);
      }
    }
    const feeInQuote = charged && fill.commissionAsset === quoteAsset;
    const feeInBase = charged && physical && fill.commissionAsset === baseAsset;
    // A buy pays the cost out of what its lock releases; a sell receives it.
    let quoteFree = buy ? quoteUnlocked.minus(cost) : cost.plus(quoteUnlocked);
    if (feeInQuote) quoteFree = quoteFree.minus(commission);
    const quote = this.balanceOf(quoteAsset);
    quote.free = quote.free.plus(quoteFree);
    quote.locked = quote.locked.minus(quoteUnlocked);
    if (physical && baseAsset !== undefined) {
      // A buy receives the quantity; a sell delivers it out of what its lock releases.
      let baseFree = buy ? fill.quantity : baseUnlocked.minus(fill.quantity);
      if (feeInBase) baseFree = baseFree.minus(commission);
      const base = this.balanceOf(baseAsset);
      base.free = base.free.plus(baseFree);
      base.locked = base.locked.minus(baseUnlocked);
    }
    if (charged) {
      if (!feeInQuote && !feeInBase) {
        const payer = this.balanceOf(fill.commissionAsset);
        payer.free = payer.free.minus(commission);
      }
      this.commissions.set(fill.commissionAsset, (this.commissions.get(fill.commissionAsset) ?? Decimal.ZERO).plus(commission));
      if (feeInBase) this.feesInBase.set(instrument.symbol, (this.feesInBase.get(instrument.symbol) ?? Decimal.ZERO).plus(commission));
    }
    if (this.positions.markOf(instrument.symbol) === undefined) this.positions.mark(instrument.symbol, fill.price);
  }

  /** Marks a symbol to the latest price (quote mid, trade, bar close). */
  mark(symbol: string, price: Decimal): void {
    this.settleMarks();
    this.positions.mark(symbol, price);
    this.marks.set(symbol, price);
  }

  /**
   * Marks a symbol at a quote's mid, as `mark(symbol, mid)` would, but computes the mid only when a mark
   * is next read. Every method of this class that reads or moves positions settles pending marks first;
   * the owner of a shared ledger calls `settleMarks` before it reads or changes that ledger itself, so
   * each mark lands on the ledger as it stood when the quote came.
   */
  markQuote(quote: Quote): void {
    this.pendingMarks.set(quote.symbol, quote);
  }

  /** Applies the marks `markQuote` deferred (cheap when there are none). */
  settleMarks(): void {
    if (this.pendingMarks.size === 0) return;
    for (const [symbol, quote] of this.pendingMarks) {
      const mid = this.quoteMid(quote);
      this.positions.mark(symbol, mid);
      this.marks.set(symbol, mid);
    }
    this.pendingMarks.clear();
  }

  /** Every asset's balance (total = free + locked). */
  balanceList(): readonly BrokerBalance[] {
    return [...this.balances.entries()].map(([asset, b]) => ({ asset, free: b.free, locked: b.locked, total: b.free.plus(b.locked) }));
  }

  /** The balance of one asset (zero when never held). */
  balance(asset: string): BrokerBalance {
    const b = this.balanceOf(asset);
    return { asset, free: b.free, locked: b.locked, total: b.free.plus(b.locked) };
  }

  /**
   * Positions as the venue holds them: a physically settled pair holds what the account received, less
   * the fees the venue took in that asset (the ledger, `localPositions`, keeps the fills' quantities).
   */
  positionsSnapshot(): readonly BrokerPosition[] {
    this.settleMarks();
    const snapshot = this.positions.snapshot(this.config.accountId);
    if (this.feesInBase.size === 0) return snapshot;
    return snapshot.map((p) => {
      const fees = this.feesInBase.get(p.instrument.symbol);
      return fees === undefined ? p : { ...p, quantity: p.quantity.minus(fees) };
    });
  }

  positionOf(symbol: string): Decimal {
    return this.positions.quantityOf(symbol);
  }

  realizedPnl(): Decimal {
    return this.positions.totalRealized();
  }

  unrealizedPnl(): Decimal {
    this.settleMarks();
    return Decimal.sum(this.positions.symbols().map((s) => this.positions.unrealizedOf(s)));
  }

  /** Commissions paid so far, per asset. */
  commissionsPaid(): Readonly<Record<string, Decimal>> {
    return Object.fromEntries(this.commissions);
  }

  /** Balances valued in the base currency, plus the market value of positions that do not settle physically. */
  equity(): Decimal {
    this.settleMarks();
    let equity = Decimal.ZERO;
    for (const [asset, b] of this.balances) equity = equity.plus(this.valueInBase(asset, b.free.plus(b.locked)));
    for (const symbol of this.positions.symbols()) {
      const instrument = this.positions.instrumentOf(symbol);
      if (instrument && !this.settlesPhysically(instrument)) equity = equity.plus(this.positions.marketValueOf(symbol));
    }
    return equity;
  }

  /** Initial margin held by positions (zero in a cash account). */
  marginUsed(): Decimal {
    return this.marginSum('initial');
  }

  marginAvailable(): Decimal {
    return this.equity().minus(this.marginUsed());
  }

  /** What new exposure the account can take: free base cash (CASH), or available margin × leverage (MARGIN). */
  buyingPower(): Decimal {
    if (this.config.accountType === 'CASH') return this.balanceOf(this.config.baseCurrency).free;
    return this.marginAvailable().minus(this.totalLocked(this.config.baseCurrency)).times(this.leverage());
  }

  /** Equity against the maintenance requirement; marginCall when it has fallen below. */
  marginStatus(): MarginStatus {
    const equity = this.equity();
    const maintenanceRequired = this.marginSum('maintenance');
    return { equity, maintenanceRequired, marginCall: this.config.accountType === 'MARGIN' && equity.lt(maintenanceRequired) };
  }

  /**
   * False when no margin call can ever happen: a CASH account borrows nothing (marginStatus then never
   * reports a call), so its host need not recompute equity on every price.
   */
  canMarginCall(): boolean {
    return this.config.accountType === 'MARGIN';
  }

  /** True while any order holds a lock. */
  hasLocks(): boolean {
    return this.locks.size > 0 || this.recentLockId !== undefined;
  }

  accountInfo(now: number): BrokerAccountInfo {
    return {
      accountId: this.config.accountId ?? 'paper',
      accountType: this.config.accountType,
      baseCurrency: this.config.baseCurrency,
      equity: this.equity(),
      buyingPower: this.buyingPower(),
      marginUsed: this.marginUsed(),
      marginAvailable: this.marginAvailable(),
      balances: this.balanceList(),
      positions: this.positionsSnapshot(),
      updatedAt: now,
    };
  }

  private leverage(): Decimal {
    return this.config.leverage ?? Decimal.ONE;
  }

  private ratesFor(assetClass: AssetClass): MarginRates {
    const configured = this.config.margin?.[assetClass];
    if (configured) return configured;
    const initial = Decimal.ONE.div(this.leverage());
    return { initial, maintenance: initial.div(Decimal.from(2)) };
  }

  private marginSum(kind: 'initial' | 'maintenance'): Decimal {
    if (this.config.accountType !== 'MARGIN') return Decimal.ZERO;
    this.settleMarks();
    let sum = Decimal.ZERO;
    for (const symbol of this.positions.symbols()) {
      const instrument = this.positions.instrumentOf(symbol);
      if (!instrument) continue;
      sum = sum.plus(this.positions.marketValueOf(symbol).abs().times(this.ratesFor(instrument.assetClass)[kind]));
    }
    return sum;
  }

  /** How much of an order adds exposure (the part beyond closing the current position). */
  private increases(symbol: string, side: 'BUY' | 'SELL', quantity: Decimal): Decimal {
    const position = this.positions.quantityOf(symbol);
    const against = side === 'BUY' ? position.negated() : position;
    return against.isPositive() ? Decimal.max(Decimal.ZERO, quantity.minus(against)) : quantity;
  }

  private valueInBase(asset: string, amount: Decimal): Decimal {
    if (asset === this.config.baseCurrency || amount.isZero()) return amount;
    for (const instrument of this.instruments.values()) {
      if (instrument.baseAsset === asset && instrument.quoteAsset === this.config.baseCurrency) {
        const mark = this.marks.get(instrument.symbol) ?? this.positions.markOf(instrument.symbol);
        if (mark !== undefined) return amount.times(mark);
      }
    }
    return Decimal.ZERO;
  }

  private totalLocked(asset: string): Decimal {
    let sum = Decimal.ZERO;
    for (const lock of this.locks.values()) if (lock.asset === asset) sum = sum.plus(lock.remaining);
    if (this.recentLock !== undefined && this.recentLock.asset === asset) sum = sum.plus(this.recentLock.remaining);
    return sum;
  }

  /** The lock an order holds, if any (see `recentLock`). */
  private lockOf(clientOrderId: string): Lock | undefined {
    if (clientOrderId === this.recentLockId) return this.recentLock;
    return this.locks.size === 0 ? undefined : this.locks.get(clientOrderId);
  }

  /** Holds `lock` as the most recent one, moving the previous most recent into the map. */
  private addLock(clientOrderId: string, lock: Lock): void {
    const previous = this.recentLockId;
    if (previous !== undefined && previous !== clientOrderId && this.recentLock !== undefined) this.locks.set(previous, this.recentLock);
    // A second reserve under the same id replaces its lock, as a map write would.
    if (this.locks.size !== 0) this.locks.delete(clientOrderId);
    this.recentLockId = clientOrderId;
    this.recentLock = lock;
  }

  private dropLock(clientOrderId: string): void {
    if (clientOrderId === this.recentLockId) {
      this.recentLockId = undefined;
      this.recentLock = undefined;
    } else {
      this.locks.delete(clientOrderId);
    }
  }

  /** Moves `amount` of `asset` from locked back to free. */
  private unlock(asset: string, amount: Decimal): void {
    const b = this.balanceOf(asset);
    b.free = b.free.plus(amount);
    b.locked = b.locked.minus(amount);
  }

  private balanceOf(asset: string): MutableBalance {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: Decimal.ZERO, locked: Decimal.ZERO };
      this.balances.set(asset, b);
    }
    return b;
  }
}

/** The price an order's cost is estimated at; throws when there is none yet. */
function needPrice(price: Decimal | undefined, clientOrderId: string): Decimal {
  if (price === undefined) throw new InsufficientFundsError(`order ${clientOrderId}: no price to estimate its cost yet`, { clientOrderId });
  return price;
}

function refuse(clientOrderId: string, needed: Decimal, asset: string, available: Decimal): never {
  throw new InsufficientFundsError(`order ${clientOrderId} needs ${needed} ${asset}, ${available} available`, { clientOrderId });
}
