import type { Decimal } from '@silvertine/core';
import { ServerMessageId as Id } from './message-ids';
import type { Tokens } from './server-messages.encoder';
import type { ContractSpec } from './wire-types';

/**
 * Reference data answers at server version 193; layouts from @stoqey/ib 1.6.10 `decodeMsg_MARKET_RULE`,
 * `decodeMsg_USER_INFO` and `decodeMsg_SYMBOL_SAMPLES` (description and issuerId present since BOND_ISSUERID).
 */

/** One price band of a market rule: from `lowEdge` up, prices move in steps of `increment`. */
export interface PriceIncrement {
  readonly lowEdge: Decimal;
  readonly increment: Decimal;
}

/** MARKET_RULE: the price bands of one rule id. */
export function marketRule(marketRuleId: number, bands: readonly PriceIncrement[]): Tokens {
  return [String(Id.MARKET_RULE), String(marketRuleId), String(bands.length), ...bands.flatMap((b) => [b.lowEdge.toString(), b.increment.toString()])];
}

/** USER_INFO: the white-branding id (empty for IB's own clients). */
export function userInfo(reqId: number, whiteBrandingId: string): Tokens {
  return [String(Id.USER_INFO), String(reqId), whiteBrandingId];
}

/** One match of REQ_MATCHING_SYMBOLS. */
export interface SymbolSample {
  readonly contract: ContractSpec;
  readonly derivativeSecTypes: readonly string[];
}

/** SYMBOL_SAMPLES: contracts matching a pattern, each with the derivative types listed on it. */
export function symbolSamples(reqId: number, samples: readonly SymbolSample[]): Tokens {
  return [
    String(Id.SYMBOL_SAMPLES),
    String(reqId),
    String(samples.length),
    ...samples.flatMap(({ contract: c, derivativeSecTypes }) => [
      String(c.conId), c.symbol, c.secType, c.primaryExchange, c.currency,
      String(derivativeSecTypes.length), ...derivativeSecTypes,
      c.longName, // description
      '', // issuerId (bonds only)
    ]),
  ];
}
