import type { Contract, ContractDetails } from '@stoqey/ib';
import { IbPayloadError, decimalField, objectField, optionalDecimalField, optionalIntField, optionalTextField } from './decode-fields';

const TEXT_FIELDS = ['secType', 'symbol', 'currency', 'localSymbol', 'exchange', 'primaryExch', 'lastTradeDateOrContractMonth', 'tradingClass', 'right'] as const;

/**
 * A contract TWS reported (in an execution, an open order, a position, contract details), checked
 * field by field before the mappers read it: text fields are text, conId an integer, strike and
 * multiplier finite. Returned as the same object: the mappers keep reading IB's Contract shape.
 */
export function decodeContract(value: unknown, field: string): Contract {
  const contract = objectField<Contract>(value, field);
  optionalIntField(contract.conId, `${field}.conId`);
  for (const name of TEXT_FIELDS) optionalTextField(contract[name], `${field}.${name}`);
  optionalDecimalField(contract.strike, `${field}.strike`, { nonNegative: true });
  optionalDecimalField(contract.multiplier, `${field}.multiplier`, { nonNegative: true });
  return contract;
}

/** Contract details as the instrument lookup reads them: a conId, a positive minTick and size increment. */
export function decodeContractDetails(value: unknown, field = 'contractDetails'): ContractDetails {
  const details = objectField<ContractDetails>(value, field);
  const contract = decodeContract(details.contract, `${field}.contract`);
  if (contract.conId === undefined || contract.conId <= 0) throw new IbPayloadError(`${field}.contract.conId`, 'must be a positive integer', contract.conId);
  if (details.minTick !== undefined && details.minTick !== 0) decimalField(details.minTick, `${field}.minTick`, { positive: true });
  optionalDecimalField(details.sizeIncrement, `${field}.sizeIncrement`, { nonNegative: true });
  optionalDecimalField(details.minSize, `${field}.minSize`, { nonNegative: true });
  return details;
}
