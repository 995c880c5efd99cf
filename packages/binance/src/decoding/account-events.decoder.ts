import type { RawBalanceUpdate, RawOutboundAccountPosition } from '../mapping/binance-types';
import { checkBalanceRows } from './balance-rows';
import { integer, signedDecimalText, text, type Json } from './fields';
import { MAX } from './limits';

const POSITION_KEYS = { asset: 'a', free: 'f', locked: 'l' } as const;

/**
 * outboundAccountPosition: every balance it carries must be an asset with unsigned decimal free and
 * locked amounts; one bad entry refuses the whole event (nothing of it is applied).
 */
export function decodeOutboundAccountPosition(event: Json): RawOutboundAccountPosition {
  integer(event, 'E');
  checkBalanceRows(event.B, 'B', POSITION_KEYS);
  return event as unknown as RawOutboundAccountPosition;
}

/** balanceUpdate: an asset and a signed decimal change of its free amount. */
export function decodeBalanceUpdate(event: Json): RawBalanceUpdate {
  text(event, 'a', MAX.symbol);
  signedDecimalText(event, 'd');
  integer(event, 'T');
  integer(event, 'E');
  return event as unknown as RawBalanceUpdate;
}
