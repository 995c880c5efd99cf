import type { SymbolSample } from '../protocol/reference-messages.encoder';
import type { ContractSpec } from '../protocol/wire-types';

/** TWS returns at most this many descriptions per REQ_MATCHING_SYMBOLS (tws-api "Stock Contract Search"). */
export const MAX_MATCHING_SYMBOLS = 16;

const DERIVATIVES = new Set(['OPT', 'FOP', 'WAR']);

/**
 * REQ_MATCHING_SYMBOLS over the emulator's contract table: underlyings whose symbol starts with the
 * pattern, then those whose long name contains it (case-insensitive), each listing the derivative
 * security types the table has on the same symbol, as TWS lists e.g. `OPT` under a stock. The
 * ordering is the emulator's (TWS's ranking is not documented).
 */
export function matchingSymbols(contracts: readonly ContractSpec[], pattern: string): SymbolSample[] {
  const wanted = pattern.trim().toUpperCase();
  if (wanted === '') return [];
  const underlyings = contracts.filter((c) => !DERIVATIVES.has(c.secType));
  const bySymbol = underlyings.filter((c) => c.symbol.toUpperCase().startsWith(wanted));
  const byName = underlyings.filter((c) => !bySymbol.includes(c) && c.longName.toUpperCase().includes(wanted));
  return [...bySymbol, ...byName].slice(0, MAX_MATCHING_SYMBOLS).map((contract) => ({
    contract,
    derivativeSecTypes: [...new Set(contracts.filter((d) => d.symbol === contract.symbol && DERIVATIVES.has(d.secType)).map((d) => d.secType))],
  }));
}
