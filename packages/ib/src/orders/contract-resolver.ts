import { InvalidOrderError, isBrokerError, type Clock, type Decimal, type Instrument } from '@silvertine/core';
import type { Contract, ContractDetails, IBApiNext } from '@stoqey/ib';
import { withTimeout } from '../connection/ib-requests';
import { decodeContractDetails } from '../decoding/contract.decoder';
import { decodeOrRefuse, listField, type PayloadRefusal } from '../decoding/decode-fields';
import {
  contractQueryFor,
  fromContractDetails,
  instrumentFromContract,
  instrumentFromDetails,
  toIbContract,
  type ContractHints,
  type ResolvedContract,
} from '../mapping/contract.mapper';
import { toBrokerError } from '../mapping/error-mapping';

/** Settings of a resolver (from the broker's config). */
export interface ContractResolverOptions {
  readonly hints: ReadonlyMap<string, ContractHints>;
  readonly timeoutMs: number;
  readonly brokerId: string;
  /** How a refused contract-details answer is reported (the broker's payload errors). */
  readonly refuse: PayloadRefusal;
}

/**
 * Resolves our instruments to IB contracts through reqContractDetails, once per symbol (cached with
 * the in-flight promise, so concurrent first orders share one lookup), and looks symbols up as
 * instruments (`lookup`). Also remembers conId → our instrument, so positions IB reports come back
 * under the symbols the user trades.
 */
export class ContractResolver {
  private readonly cache = new Map<string, Promise<ResolvedContract>>();
  private readonly instruments = new Map<number, Instrument>();
  /** Lookups that succeeded, readable without awaiting (placeOrder's hot path). */
  private readonly settled = new Map<string, ResolvedContract>();

  constructor(
    private readonly api: () => IBApiNext,
    private readonly clock: Clock,
    private readonly options: ContractResolverOptions,
  ) {}

  /**
   * Our instrument for a symbol, from IB's contract details (see `contractQueryFor`), or undefined when
   * IB knows no such contract; several matches are an InvalidOrderError asking for a pinned contract.
   * The contract is kept, so the first order on the instrument needs no second lookup.
   */
  async lookup(symbol: string): Promise<Instrument | undefined> {
    const query = contractQueryFor(symbol, this.options.hints.get(symbol));
    if (!query) return undefined;
    const details = await this.details(query, symbol, true);
    if (details.length > 1) throw this.ambiguous(symbol, details.length, query);
    const [only] = details;
    const instrument = only && instrumentFromDetails(symbol, only, query.exchange);
    if (!only || !instrument) return undefined;
    const resolved = fromContractDetails(only, query.exchange);
    this.instruments.set(resolved.conId, instrument);
    this.settled.set(symbol, resolved);
    this.cache.set(symbol, Promise.resolve(resolved));
    return instrument;
  }

  /** The contract of an instrument already resolved, else undefined (then `resolve`). */
  resolved(instrument: Instrument): ResolvedContract | undefined {
    return this.settled.get(instrument.symbol);
  }

  /** The resolved contract for an instrument (rejects with InvalidOrderError when IB knows none or several). */
  resolve(instrument: Instrument): Promise<ResolvedContract> {
    let found = this.cache.get(instrument.symbol);
    if (!found) {
      found = this.resolveContract(instrument);
      this.cache.set(instrument.symbol, found);
      found.then((resolved) => this.settled.set(instrument.symbol, resolved), () => undefined);
      // a failed lookup is not cached: the next order asks again
      found.catch(() => this.cache.delete(instrument.symbol));
    }
    return found;
  }

  /**
   * Our instrument for a contract IB reported (positions, executions of orders we did not place). For a
   * contract we never resolved, `tickSize` is what prices are rounded to: reconciliation passes a fine
   * one, so an adopted order's fills keep TWS's prices (the default 0.01 would distort forex).
   */
  instrumentFor(contract: Contract, tickSize?: Decimal): Instrument | undefined {
    const known = contract.conId !== undefined ? this.instruments.get(contract.conId) : undefined;
    return known ?? instrumentFromContract(contract, tickSize);
  }

  private async resolveContract(instrument: Instrument): Promise<ResolvedContract> {
    const request = toIbContract(instrument, this.options.hints.get(instrument.symbol));
    const details = await this.details(request, instrument.symbol, false);
    if (details.length > 1) throw this.ambiguous(instrument.symbol, details.length, request);
    const [only] = details;
    if (!only) throw new InvalidOrderError('instrument', 'unknownContract', `IB found no contract for ${instrument.symbol} (${JSON.stringify(request)})`, { brokerId: this.options.brokerId });
    const resolved = fromContractDetails(only, request.exchange);
    if (resolved.minTick && !instrument.tickSize.isMultipleOf(resolved.minTick)) {
      // our validation would accept prices TWS rejects with 110: refuse the instrument early instead
      throw new InvalidOrderError('instrument.tickSize', 'venueTick',
        `tick size ${instrument.tickSize} of ${instrument.symbol} is not a multiple of IB's minTick ${resolved.minTick}`, { brokerId: this.options.brokerId });
    }
    this.instruments.set(resolved.conId, instrument);
    return resolved;
  }

  /**
   * reqContractDetails, each answer decoded. With `unknownIsEmpty`, IB's 200 ("no security definition")
   * is an empty answer rather than an error (a lookup, not an order).
   */
  private async details(query: Contract, symbol: string, unknownIsEmpty: boolean): Promise<readonly ContractDetails[]> {
    const { brokerId, timeoutMs, refuse } = this.options;
    let answer: unknown;
    try {
      answer = await withTimeout(this.api().getContractDetails(query), this.clock, timeoutMs, `contract details of ${symbol}`, brokerId);
    } catch (error) {
      if (isBrokerError(error)) throw error;
      // IBApiNextError wraps TWS's message in `.error`; its code is IB's (200: no security definition)
      const ibError = error as { code?: number; error?: Error; message?: string };
      const code = typeof ibError.code === 'number' ? ibError.code : 200;
      if (code === 200 && unknownIsEmpty) return [];
      throw toBrokerError(code, ibError.error?.message ?? ibError.message ?? String(error), { brokerId });
    }
    const rows = decodeOrRefuse('contractDetails', answer, (v) => listField(v, 'contractDetails'), refuse);
    return rows.map((entry) => decodeOrRefuse('contractDetails', entry, decodeContractDetails, refuse));
  }

  private ambiguous(symbol: string, count: number, query: Contract): InvalidOrderError {
    return new InvalidOrderError('instrument', 'ambiguousContract',
      `IB found ${count} contracts for ${symbol} (${JSON.stringify(query)}); pin one under contracts in the config`, { brokerId: this.options.brokerId });
  }
}
