import { Decimal, dec, type AssetClass, type Instrument } from '@silvertine/core';
import { OptionType, SecType, type Contract, type ContractDetails } from '@stoqey/ib';

/** Fields a user may pin for a symbol (config `contracts`), skipping or narrowing the contract lookup. */
export interface ContractHints {
  /** What the symbol is, for looking it up without an instrument (`broker.instrument(symbol)`). */
  readonly secType?: AssetClass;
  readonly conId?: number;
  readonly exchange?: string;
  readonly primaryExchange?: string;
  readonly currency?: string;
  readonly localSymbol?: string;
  readonly tradingClass?: string;
}

/** A contract as IB resolved it (contract details), cached per instrument symbol. */
export interface ResolvedContract {
  readonly conId: number;
  readonly contract: Contract;
  readonly minTick?: Decimal;
  readonly multiplier: Decimal;
}

/** Default routing per asset class when the instrument names no exchange. */
const DEFAULT_EXCHANGE: Readonly<Record<AssetClass, string | undefined>> = {
  STK: 'SMART',
  OPT: 'SMART',
  CASH: 'IDEALPRO',
  CRYPTO: 'PAXOS',
  FUT: undefined, // futures have no smart routing: the instrument must name its exchange
};

const SEC_TYPES: Readonly<Record<AssetClass, SecType>> = {
  STK: SecType.STK,
  CASH: SecType.CASH,
  FUT: SecType.FUT,
  OPT: SecType.OPT,
  CRYPTO: SecType.CRYPTO,
};

/** The base asset of a pair written "EUR.USD" / "EUR/USD" / "EURUSD". */
function baseOf(instrument: Instrument): string {
  if (instrument.baseAsset) return instrument.baseAsset;
  const text = instrument.venueSymbol ?? instrument.symbol;
  const split = text.split(/[./]/);
  if (split.length === 2) return split[0]!;
  return text.endsWith(instrument.quoteAsset) ? text.slice(0, -instrument.quoteAsset.length) : text;
}

/**
 * Converts a Decimal for @stoqey/ib, which takes JS numbers: the only place prices become floats.
 * `toNumber()` is the same double as `Number(value.toString())` (both the nearest double to the exact
 * value), without building and parsing a string (two per order on placeOrder's path; issue #21).
 */
export function toIbNumber(value: Decimal): number {
  return value.toNumber();
}

/**
 * The IB contract for one of our instruments, before resolution: what `reqContractDetails` is asked
 * with. With a pinned conId, IB needs only that (and the exchange for routing).
 */
export function toIbContract(instrument: Instrument, hints: ContractHints = {}): Contract {
  const secType = SEC_TYPES[instrument.assetClass];
  const exchange = hints.exchange ?? instrument.exchange ?? DEFAULT_EXCHANGE[instrument.assetClass];
  const contract: Contract = { secType, currency: hints.currency ?? instrument.quoteAsset };
  if (exchange) contract.exchange = exchange;
  if (hints.conId !== undefined) contract.conId = hints.conId;
  if (hints.primaryExchange) contract.primaryExch = hints.primaryExchange;
  if (hints.tradingClass) contract.tradingClass = hints.tradingClass;
  if (hints.localSymbol) contract.localSymbol = hints.localSymbol;
  switch (instrument.assetClass) {
    case 'STK':
      contract.symbol = instrument.venueSymbol ?? instrument.symbol;
      break;
    case 'CASH':
    case 'CRYPTO':
      // IB names pairs by base symbol + currency (EUR/USD is symbol EUR, currency USD)
      contract.symbol = baseOf(instrument);
      break;
    case 'FUT':
      contract.symbol = instrument.baseAsset ?? instrument.symbol;
      if (instrument.expiry) contract.lastTradeDateOrContractMonth = instrument.expiry;
      if (!instrument.baseAsset && instrument.venueSymbol) contract.localSymbol ??= instrument.venueSymbol;
      if (!instrument.multiplier.eq(1)) contract.multiplier = toIbNumber(instrument.multiplier);
      break;
    case 'OPT':
      contract.symbol = instrument.baseAsset ?? instrument.symbol;
      if (instrument.expiry) contract.lastTradeDateOrContractMonth = instrument.expiry;
      if (instrument.strike) contract.strike = toIbNumber(instrument.strike);
      if (instrument.right) contract.right = instrument.right === 'C' ? OptionType.Call : OptionType.Put;
      contract.multiplier = toIbNumber(instrument.multiplier);
      break;
  }
  return contract;
}

/** Reads contract details into the cached form (minTick and multiplier as Decimals). */
export function fromContractDetails(details: ContractDetails, routeExchange?: string): ResolvedContract {
  const c = details.contract;
  const contract: Contract = { ...c, exchange: routeExchange ?? c.exchange };
  return {
    conId: c.conId ?? 0,
    contract,
    minTick: details.minTick !== undefined && details.minTick > 0 ? dec(String(details.minTick)) : undefined,
    multiplier: c.multiplier ? dec(String(c.multiplier)) : Decimal.ONE,
  };
}

/** Our asset class for an IB security type, or undefined for types we do not trade (BAG, IND...). */
export function assetClassOf(secType: SecType | string | undefined): AssetClass | undefined {
  switch (secType) {
    case 'STK':
    case 'CASH':
    case 'FUT':
    case 'OPT':
    case 'CRYPTO':
      return secType;
    default:
      return undefined;
  }
}

/**
 * An instrument for a contract IB reported that we never resolved ourselves (a position opened
 * elsewhere). Symbols follow IB's local symbols: AAPL, EUR.USD, ESZ6, BTC.USD, the OCC option code.
 */
export function instrumentFromContract(contract: Contract, tickSize: Decimal = dec('0.01')): Instrument | undefined {
  const assetClass = assetClassOf(contract.secType);
  if (!assetClass) return undefined;
  const currency = contract.currency ?? 'USD';
  const base = contract.symbol ?? '';
  const symbol =
    assetClass === 'STK'
      ? base
      : contract.localSymbol ?? (assetClass === 'CASH' || assetClass === 'CRYPTO' ? `${base}.${currency}` : base);
  return {
    symbol,
    assetClass,
    baseAsset: base,
    quoteAsset: currency,
    tickSize,
    stepSize: assetClass === 'CRYPTO' ? dec('0.0001') : Decimal.ONE,
    multiplier: contract.multiplier ? dec(String(contract.multiplier)) : Decimal.ONE,
    expiry: contract.lastTradeDateOrContractMonth || undefined,
    strike: contract.strike ? dec(String(contract.strike)) : undefined,
    right: contract.right === OptionType.Call ? 'C' : contract.right === OptionType.Put ? 'P' : undefined,
    venueSymbol: contract.localSymbol,
    exchange: contract.primaryExch || contract.exchange || undefined,
  };
}

/** "EUR.USD" / "EUR/USD": a pair of currency codes. */
const PAIR = /^([A-Z]{3,5})[./]([A-Z]{3})$/;
/** What a stock symbol can look like at IB ("AAPL", "BRK B", "RDS.A"). */
const STOCK = /^[A-Z0-9][A-Z0-9. ]{0,11}$/;

/**
 * The contract-details query for one of our symbols when no instrument exists yet
 * (`broker.instrument(symbol)`): a configured contract says what the symbol is (secType, exchange,
 * localSymbol, conId...); otherwise three letters, a dot and three letters ("EUR.USD") are a forex pair
 * on IDEALPRO and anything else stock-like a US stock on SMART. Futures and options need a configured
 * entry (their symbol is IB's localSymbol, e.g. ESZ6). Undefined when the symbol cannot name a contract.
 */
export function contractQueryFor(symbol: string, hints: ContractHints = {}): Contract | undefined {
  const pair = PAIR.exec(symbol);
  const secType: AssetClass | undefined = hints.secType ?? (hints.conId !== undefined ? undefined : pair ? 'CASH' : STOCK.test(symbol) ? 'STK' : undefined);
  if (!secType && hints.conId === undefined) return undefined;
  const query: Contract = {};
  if (secType) query.secType = SEC_TYPES[secType];
  if (hints.conId !== undefined) query.conId = hints.conId;
  switch (secType) {
    case 'STK':
      query.symbol = symbol;
      break;
    case 'CASH':
    case 'CRYPTO':
      if (!pair) return undefined;
      query.symbol = pair[1];
      query.currency = pair[2];
      break;
    case 'FUT':
    case 'OPT':
      query.localSymbol = hints.localSymbol ?? symbol;
      break;
  }
  const exchange = hints.exchange ?? (secType ? DEFAULT_EXCHANGE[secType] : undefined);
  if (exchange) query.exchange = exchange;
  query.currency = hints.currency ?? query.currency ?? 'USD';
  if (hints.primaryExchange) query.primaryExch = hints.primaryExchange;
  if (hints.localSymbol) query.localSymbol = hints.localSymbol;
  if (hints.tradingClass) query.tradingClass = hints.tradingClass;
  return query;
}

/**
 * Our instrument for a symbol from IB's (decoded) contract details: tick = minTick, lot = sizeIncrement
 * (1 when IB sends none), minimum = minSize, and the routing exchange the query used (SMART for stocks),
 * so orders go where the lookup asked. Undefined for security types we do not trade or without a minTick.
 */
export function instrumentFromDetails(symbol: string, details: ContractDetails, routeExchange?: string): Instrument | undefined {
  const c = details.contract;
  const assetClass = assetClassOf(c.secType);
  if (!assetClass || !details.minTick || details.minTick <= 0) return undefined;
  const sizeIncrement = details.sizeIncrement && details.sizeIncrement > 0 ? dec(String(details.sizeIncrement)) : Decimal.ONE;
  return {
    symbol,
    assetClass,
    baseAsset: c.symbol,
    quoteAsset: c.currency ?? 'USD',
    tickSize: dec(String(details.minTick)),
    stepSize: sizeIncrement,
    ...(details.minSize && details.minSize > 0 ? { minQuantity: dec(String(details.minSize)) } : {}),
    multiplier: c.multiplier ? dec(String(c.multiplier)) : Decimal.ONE,
    expiry: c.lastTradeDateOrContractMonth || undefined,
    strike: c.strike ? dec(String(c.strike)) : undefined,
    right: c.right === OptionType.Call ? 'C' : c.right === OptionType.Put ? 'P' : undefined,
    venueSymbol: c.localSymbol,
    exchange: routeExchange ?? c.exchange,
  };
}

/**
 * Whether a contract IB reported (in an execution) is the instrument's: by conId when both are known,
 * else by what IB names a contract with (security type, symbol, currency, expiry, strike, right).
 */
export function isContractOf(instrument: Instrument, contract: Contract, resolvedConId?: number): boolean {
  if (resolvedConId !== undefined && contract.conId !== undefined && contract.conId > 0) return contract.conId === resolvedConId;
  const expected = toIbContract(instrument);
  if (contract.secType !== undefined && String(contract.secType) !== String(expected.secType)) return false;
  if (contract.symbol !== undefined && contract.symbol !== '' && contract.symbol !== expected.symbol) {
    // a future or option named only by its local symbol
    if (!(contract.localSymbol && contract.localSymbol === (instrument.venueSymbol ?? instrument.symbol))) return false;
  }
  if (contract.currency && expected.currency && contract.currency !== expected.currency) return false;
  if (expected.lastTradeDateOrContractMonth && contract.lastTradeDateOrContractMonth && !contract.lastTradeDateOrContractMonth.startsWith(expected.lastTradeDateOrContractMonth)) return false;
  if (expected.strike !== undefined && contract.strike !== undefined && contract.strike !== expected.strike) return false;
  return !(expected.right !== undefined && contract.right !== undefined && String(contract.right) !== String(expected.right));
}
