import { dec, type Instrument } from '@silvertine/core';
import type { ContractSpec, RequestedContract } from '../protocol/wire-types';

const STOCK_ORDER_TYPES = 'LMT,MKT,STP,STP LMT,TRAIL,TRAIL LIMIT,MOC,LOC';

/** The default contract table: one or more of each asset class the emulator trades. */
export const DEFAULT_CONTRACTS: readonly ContractSpec[] = [
  {
    conId: 265598, symbol: 'AAPL', secType: 'STK', lastTradeDateOrContractMonth: '', exchange: 'SMART', primaryExchange: 'NASDAQ',
    currency: 'USD', localSymbol: 'AAPL', tradingClass: 'NMS', minTick: dec('0.01'), minSize: dec(1), sizeIncrement: dec(1),
    longName: 'APPLE INC', orderTypes: STOCK_ORDER_TYPES, validExchanges: 'SMART,NASDAQ,NYSE,ARCA', timeZoneId: 'US/Eastern',
  },
  {
    conId: 272093, symbol: 'MSFT', secType: 'STK', lastTradeDateOrContractMonth: '', exchange: 'SMART', primaryExchange: 'NASDAQ',
    currency: 'USD', localSymbol: 'MSFT', tradingClass: 'NMS', minTick: dec('0.01'), minSize: dec(1), sizeIncrement: dec(1),
    longName: 'MICROSOFT CORP', orderTypes: STOCK_ORDER_TYPES, validExchanges: 'SMART,NASDAQ,NYSE,ARCA', timeZoneId: 'US/Eastern',
  },
  {
    conId: 12087792, symbol: 'EUR', secType: 'CASH', lastTradeDateOrContractMonth: '', exchange: 'IDEALPRO', primaryExchange: 'IDEALPRO',
    currency: 'USD', localSymbol: 'EUR.USD', tradingClass: 'EUR.USD', minTick: dec('0.00005'), minSize: dec(1), sizeIncrement: dec(1),
    longName: 'European Monetary Union Euro', orderTypes: 'LMT,MKT,STP,STP LMT,TRAIL', validExchanges: 'IDEALPRO', timeZoneId: 'US/Eastern',
  },
  {
    conId: 495512563, symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218', multiplier: dec(50), exchange: 'CME',
    primaryExchange: 'CME', currency: 'USD', localSymbol: 'ESZ6', tradingClass: 'ES', minTick: dec('0.25'), minSize: dec(1),
    sizeIncrement: dec(1), longName: 'E-mini S&P 500', orderTypes: 'LMT,MKT,STP,STP LMT,TRAIL', validExchanges: 'CME,QBALGO',
    timeZoneId: 'US/Central',
  },
  {
    conId: 700000150, symbol: 'AAPL', secType: 'OPT', lastTradeDateOrContractMonth: '20261218', strike: dec(150), right: 'C',
    multiplier: dec(100), exchange: 'SMART', primaryExchange: 'CBOE', currency: 'USD', localSymbol: 'AAPL  261218C00150000',
    tradingClass: 'AAPL', minTick: dec('0.01'), minSize: dec(1), sizeIncrement: dec(1), longName: 'APPLE INC',
    orderTypes: 'LMT,MKT,STP,STP LMT,TRAIL', validExchanges: 'SMART,CBOE,AMEX,ISE', timeZoneId: 'US/Eastern',
  },
  {
    conId: 479624278, symbol: 'BTC', secType: 'CRYPTO', lastTradeDateOrContractMonth: '', exchange: 'PAXOS', primaryExchange: 'PAXOS',
    currency: 'USD', localSymbol: 'BTC.USD', tradingClass: 'BTC', minTick: dec('0.25'), minSize: dec('0.0001'),
    sizeIncrement: dec('0.0001'), longName: 'Bitcoin', orderTypes: 'LMT,MKT,STP,STP LMT', validExchanges: 'PAXOS', timeZoneId: 'US/Eastern',
  },
];

function same(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/**
 * The contracts the emulator knows, looked up the way TWS does: by conId when given, else by every
 * field the request fills in (an empty field matches anything).
 */
export class ContractTable {
  private readonly byId = new Map<number, ContractSpec>();

  constructor(contracts: readonly ContractSpec[] = DEFAULT_CONTRACTS) {
    for (const c of contracts) this.add(c);
  }

  /** Adds or replaces a contract. */
  add(contract: ContractSpec): void {
    this.byId.set(contract.conId, contract);
  }

  /** Every contract. */
  all(): ContractSpec[] {
    return [...this.byId.values()];
  }

  /** By conId. */
  get(conId: number): ContractSpec | undefined {
    return this.byId.get(conId);
  }

  /** By conId, local symbol ("EUR.USD", "ESZ6") or symbol when that is unique (control interface). */
  find(key: string | number): ContractSpec | undefined {
    if (typeof key === 'number') return this.byId.get(key);
    const all = this.all();
    const local = all.filter((c) => same(c.localSymbol, key));
    if (local.length === 1) return local[0];
    const bySymbol = all.filter((c) => same(c.symbol, key));
    if (bySymbol.length === 1) return bySymbol[0];
    // "AAPL" names the stock even when options on it are listed too
    const underlying = bySymbol.filter((c) => c.secType !== 'OPT' && c.secType !== 'FUT');
    return underlying.length === 1 ? underlying[0] : undefined;
  }

  /** Every contract the request matches (REQ_CONTRACT_DATA semantics). */
  match(req: RequestedContract): ContractSpec[] {
    if (req.conId !== undefined) {
      const c = this.byId.get(req.conId);
      return c ? [c] : [];
    }
    return this.all().filter(
      (c) =>
        (req.symbol === '' || same(c.symbol, req.symbol)) &&
        (req.secType === '' || same(c.secType, req.secType)) &&
        (req.currency === '' || same(c.currency, req.currency)) &&
        (req.localSymbol === '' || same(c.localSymbol, req.localSymbol)) &&
        (req.tradingClass === '' || same(c.tradingClass, req.tradingClass)) &&
        (req.lastTradeDateOrContractMonth === '' || c.lastTradeDateOrContractMonth.startsWith(req.lastTradeDateOrContractMonth)) &&
        (req.right === '' || req.right === '?' || (c.right !== undefined && same(c.right, req.right[0] ?? ''))) &&
        (req.strike === undefined || req.strike.isZero() || (c.strike !== undefined && c.strike.eq(req.strike))) &&
        (req.exchange === '' || same(req.exchange, 'SMART') || same(c.exchange, req.exchange) || c.validExchanges.split(',').some((e) => same(e, req.exchange))),
    );
  }

  /** The single contract an order or market-data request names, or undefined when none or several match. */
  resolve(req: RequestedContract): ContractSpec | undefined {
    const found = this.match(req);
    return found.length === 1 ? found[0] : undefined;
  }
}

/** The core Instrument the matcher trades for a contract (keyed by conId so symbols never collide). */
export function toInstrument(c: ContractSpec): Instrument {
  return {
    symbol: String(c.conId),
    assetClass: c.secType,
    quoteAsset: c.currency,
    baseAsset: c.symbol,
    tickSize: c.minTick,
    stepSize: c.sizeIncrement,
    minQuantity: c.minSize,
    multiplier: c.multiplier ?? dec(1),
    expiry: c.lastTradeDateOrContractMonth || undefined,
    strike: c.strike,
    right: c.right,
    venueSymbol: c.localSymbol,
    exchange: c.exchange,
  };
}
