import type { PriceIncrement } from '../protocol/reference-messages.encoder';
import type { ContractSpec } from '../protocol/wire-types';
import type { ContractTable } from './contract-table';

/**
 * Market rules (REQ_MARKET_RULE) derived from the contract table: every contract here has one flat
 * minimum tick, so each distinct tick is one rule with a single band from 0. TWS lists one rule id per
 * valid exchange in contract details' `marketRuleIds` (tws-api "Market Rule" page:
 * interactivebrokers.github.io/tws-api/minimum_increment.html); the ids are this emulator's own,
 * numbered from 1000 in the order ticks are first seen (IB's real ids are not known for every contract).
 */
export class MarketRules {
  private readonly idByTick = new Map<string, number>();
  private readonly bandsById = new Map<number, PriceIncrement[]>();

  constructor(private readonly contracts: ContractTable) {}

  /** The comma-separated rule ids of a contract, one per valid exchange, as CONTRACT_DATA carries them. */
  idsFor(contract: ContractSpec): string {
    const id = this.ruleOf(contract);
    const exchanges = contract.validExchanges.split(',').filter((e) => e !== '');
    return exchanges.map(() => String(id)).join(',');
  }

  /** The bands of one rule id, or undefined for an id no contract uses. */
  bands(marketRuleId: number): readonly PriceIncrement[] | undefined {
    for (const c of this.contracts.all()) this.ruleOf(c);
    return this.bandsById.get(marketRuleId);
  }

  private ruleOf(contract: ContractSpec): number {
    const key = contract.minTick.toString();
    let id = this.idByTick.get(key);
    if (id === undefined) {
      id = 1000 + this.idByTick.size;
      this.idByTick.set(key, id);
      this.bandsById.set(id, [{ lowEdge: contract.minTick.minus(contract.minTick), increment: contract.minTick }]);
    }
    return id;
  }
}
