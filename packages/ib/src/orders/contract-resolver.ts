import { InvalidOrderError, isBrokerError, type Clock, type Decimal, type Instrument } from '@silvertine/core';
import type { Contract, IBApiNext } from '@stoqey/ib';
import { withTimeout } from '../connection/ib-requests';
import { fromContractDetails, instrumentFromContract, toIbContract, type ContractHints, type ResolvedContract } from '../mapping/contract.mapper';
import { toBrokerError } from '../mapping/error-mapping';

/**
 * Resolves our instruments to IB contracts through reqContractDetails, once per symbol (cached with
 * the in-flight promise, so concurrent first orders share one lookup). Also remembers conId → our
 * instrument, so positions IB reports come back under the symbols the user trades.
 */
export class ContractResolver {
  private readonly cache = new Map<string, Promise<ResolvedContract>>();
  private readonly instruments = new Map<number, Instrument>();
  /** Lookups that succeeded, readable without awaiting (placeOrder's hot path). */
  private readonly settled = new Map<string, ResolvedContract>();

  constructor(
    private readonly api: () => IBApiNext,
    private readonly hints: ReadonlyMap<string, ContractHints>,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly brokerId: string,
  ) {}

  /** The contract of an instrument already resolved, else undefined (then `resolve`). */
  resolved(instrument: Instrument): ResolvedContract | undefined {
    return this.settled.get(instrument.symbol);
  }

  /** The resolved contract for an instrument (rejects with InvalidOrderError when IB knows none or several). */
  resolve(instrument: Instrument): Promise<ResolvedContract> {
    let found = this.cache.get(instrument.symbol);
    if (!found) {
      found = this.lookup(instrument);
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

  private async lookup(instrument: Instrument): Promise<ResolvedContract> {
    const request = toIbContract(instrument, this.hints.get(instrument.symbol));
    let details;
    try {
      details = await withTimeout(this.api().getContractDetails(request), this.clock, this.timeoutMs, `contract details of ${instrument.symbol}`, this.brokerId);
    } catch (error) {
      if (isBrokerError(error)) throw error;
      // IBApiNextError wraps TWS's message in `.error`; its code is IB's (200: no security definition)
      const ibError = error as { code?: number; error?: Error; message?: string };
      const code = typeof ibError.code === 'number' ? ibError.code : 200;
      throw toBrokerError(code, ibError.error?.message ?? ibError.message ?? String(error), { brokerId: this.brokerId });
    }
    if (details.length !== 1) {
      throw new InvalidOrderError('instrument', details.length === 0 ? 'unknownContract' : 'ambiguousContract',
        `IB found ${details.length} contracts for ${instrument.symbol} (${JSON.stringify(request)})`, { brokerId: this.brokerId });
    }
    const resolved = fromContractDetails(details[0]!, request.exchange);
    if (resolved.minTick && !instrument.tickSize.isMultipleOf(resolved.minTick)) {
      // our validation would accept prices TWS rejects with 110: refuse the instrument early instead
      throw new InvalidOrderError('instrument.tickSize', 'venueTick',
        `tick size ${instrument.tickSize} of ${instrument.symbol} is not a multiple of IB's minTick ${resolved.minTick}`, { brokerId: this.brokerId });
    }
    this.instruments.set(resolved.conId, instrument);
    return resolved;
  }
}
