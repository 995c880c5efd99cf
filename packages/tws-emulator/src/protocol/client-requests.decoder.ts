import { ClientMessageId as Id } from './message-ids';
import { decodePlaceOrder, readRequestedContract } from './place-order.decoder';
import { FieldReader, WireDecodeError } from './wire-format';
import type { PlacedOrder, RequestedContract } from './wire-types';

/** REQ_EXECUTIONS filter; empty strings and 0 mean "any". */
export interface ExecutionFilter {
  readonly clientId: number;
  readonly account: string;
  /** "yyyymmdd-hh:mm:ss" (or "yyyymmdd hh:mm:ss"): executions at or after this time. */
  readonly time: string;
  readonly symbol: string;
  readonly secType: string;
  readonly exchange: string;
  readonly side: string;
}

/** Every client request the emulator understands, decoded at server version 193. */
export type ClientRequest =
  | { readonly type: 'START_API'; readonly clientId: number; readonly optionalCapabilities: string }
  | { readonly type: 'REQ_IDS'; readonly numIds: number }
  | { readonly type: 'PLACE_ORDER'; readonly orderId: number; readonly contract: RequestedContract; readonly order: PlacedOrder }
  | { readonly type: 'CANCEL_ORDER'; readonly orderId: number; readonly manualOrderCancelTime: string }
  | { readonly type: 'REQ_OPEN_ORDERS' }
  | { readonly type: 'REQ_ALL_OPEN_ORDERS' }
  | { readonly type: 'REQ_AUTO_OPEN_ORDERS'; readonly autoBind: boolean }
  | { readonly type: 'REQ_POSITIONS' }
  | { readonly type: 'CANCEL_POSITIONS' }
  | { readonly type: 'REQ_ACCOUNT_SUMMARY'; readonly reqId: number; readonly group: string; readonly tags: readonly string[] }
  | { readonly type: 'CANCEL_ACCOUNT_SUMMARY'; readonly reqId: number }
  | { readonly type: 'REQ_ACCOUNT_UPDATES'; readonly subscribe: boolean; readonly account: string }
  | { readonly type: 'REQ_EXECUTIONS'; readonly reqId: number; readonly filter: ExecutionFilter }
  | { readonly type: 'REQ_CONTRACT_DETAILS'; readonly reqId: number; readonly contract: RequestedContract }
  | { readonly type: 'REQ_MKT_DATA'; readonly reqId: number; readonly contract: RequestedContract; readonly genericTicks: string; readonly snapshot: boolean }
  | { readonly type: 'CANCEL_MKT_DATA'; readonly reqId: number }
  | { readonly type: 'REQ_MARKET_DATA_TYPE'; readonly marketDataType: number }
  | { readonly type: 'REQ_CURRENT_TIME' }
  | { readonly type: 'REQ_MANAGED_ACCTS' }
  | { readonly type: 'REQ_GLOBAL_CANCEL' }
  | { readonly type: 'REQ_POSITIONS_MULTI'; readonly reqId: number; readonly account: string; readonly modelCode: string }
  | { readonly type: 'CANCEL_POSITIONS_MULTI'; readonly reqId: number }
  | { readonly type: 'REQ_ACCOUNT_UPDATES_MULTI'; readonly reqId: number; readonly account: string; readonly modelCode: string; readonly ledgerAndNlv: boolean }
  | { readonly type: 'CANCEL_ACCOUNT_UPDATES_MULTI'; readonly reqId: number }
  | { readonly type: 'REQ_MATCHING_SYMBOLS'; readonly reqId: number; readonly pattern: string }
  | { readonly type: 'REQ_MARKET_RULE'; readonly marketRuleId: number }
  | { readonly type: 'REQ_PNL'; readonly reqId: number; readonly account: string; readonly modelCode: string }
  | { readonly type: 'REQ_PNL_SINGLE'; readonly reqId: number; readonly account: string; readonly modelCode: string; readonly conId: number }
  | { readonly type: 'CANCEL_PNL'; readonly reqId: number }
  | { readonly type: 'REQ_COMPLETED_ORDERS'; readonly apiOnly: boolean }
  | { readonly type: 'REQ_USER_INFO'; readonly reqId: number }
  | { readonly type: 'UNSUPPORTED'; readonly messageId: number; readonly reqId: number };

/**
 * Where the request id sits in requests the emulator does not serve, so the error TWS answers with
 * can name it (a client waiting on that id then fails at once instead of at its own timeout). Index 1
 * for requests without a version field at server version 193, 2 for those that still send one; from
 * @stoqey/ib 1.6.10 `encoder.js`. Requests without an id (scanner parameters, news providers, ...) get -1.
 */
const UNSUPPORTED_REQ_ID_INDEX: Readonly<Record<number, 1 | 2>> = {
  10: 2, 20: 1, 22: 2, 50: 2, 52: 2, 54: 2, 55: 2, 78: 1, 84: 1, 86: 1, 87: 1, 88: 1, 96: 1, 97: 1, 100: 1, 102: 1,
};

/** Throws unless every field was consumed: leftovers mean our layout and the client's disagree. */
function done<T>(r: FieldReader, value: T, name: string): T {
  if (r.remaining !== 0) throw new WireDecodeError(`${name}: ${r.remaining} unexpected trailing field(s)`);
  return value;
}

/**
 * Decodes one client message (fields of one frame). Throws WireDecodeError on a malformed request;
 * message ids outside the supported set decode as UNSUPPORTED so the session can log and go on,
 * which is what TWS does with requests it does not serve.
 */
export function decodeClientRequest(fields: readonly string[]): ClientRequest {
  const r = new FieldReader(fields);
  const messageId = r.int();
  switch (messageId) {
    case Id.START_API: {
      r.skip(1); // version 2
      const clientId = r.int();
      const optionalCapabilities = r.remaining > 0 ? r.str() : '';
      return done(r, { type: 'START_API', clientId, optionalCapabilities }, 'START_API');
    }
    case Id.REQ_IDS:
      r.skip(1);
      return done(r, { type: 'REQ_IDS', numIds: r.int() }, 'REQ_IDS');
    case Id.PLACE_ORDER:
      return done(r, { type: 'PLACE_ORDER', ...decodePlaceOrder(r) }, 'PLACE_ORDER');
    case Id.CANCEL_ORDER: {
      // no version field since 192 (CME_TAGGING_FIELDS); then manualOrderCancelTime, extOperator,
      // manualOrderIndicator
      const orderId = r.int();
      const manualOrderCancelTime = r.str();
      r.skip(2);
      return done(r, { type: 'CANCEL_ORDER', orderId, manualOrderCancelTime }, 'CANCEL_ORDER');
    }
    case Id.REQ_OPEN_ORDERS:
      r.skip(1);
      return done(r, { type: 'REQ_OPEN_ORDERS' }, 'REQ_OPEN_ORDERS');
    case Id.REQ_ALL_OPEN_ORDERS:
      r.skip(1);
      return done(r, { type: 'REQ_ALL_OPEN_ORDERS' }, 'REQ_ALL_OPEN_ORDERS');
    case Id.REQ_AUTO_OPEN_ORDERS:
      r.skip(1);
      return done(r, { type: 'REQ_AUTO_OPEN_ORDERS', autoBind: r.bool() }, 'REQ_AUTO_OPEN_ORDERS');
    case Id.REQ_POSITIONS:
      r.skip(1);
      return done(r, { type: 'REQ_POSITIONS' }, 'REQ_POSITIONS');
    case Id.CANCEL_POSITIONS:
      r.skip(1);
      return done(r, { type: 'CANCEL_POSITIONS' }, 'CANCEL_POSITIONS');
    case Id.REQ_ACCOUNT_SUMMARY: {
      r.skip(1);
      const reqId = r.int();
      const group = r.str();
      const tags = r
        .str()
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      return done(r, { type: 'REQ_ACCOUNT_SUMMARY', reqId, group, tags }, 'REQ_ACCOUNT_SUMMARY');
    }
    case Id.CANCEL_ACCOUNT_SUMMARY:
      r.skip(1);
      return done(r, { type: 'CANCEL_ACCOUNT_SUMMARY', reqId: r.int() }, 'CANCEL_ACCOUNT_SUMMARY');
    case Id.REQ_ACCOUNT_DATA: {
      r.skip(1);
      const subscribe = r.bool();
      const account = r.remaining > 0 ? r.str() : '';
      return done(r, { type: 'REQ_ACCOUNT_UPDATES', subscribe, account }, 'REQ_ACCOUNT_DATA');
    }
    case Id.REQ_EXECUTIONS: {
      r.skip(1);
      const reqId = r.int();
      const filter: ExecutionFilter = {
        clientId: r.int(),
        account: r.str(),
        time: r.str(),
        symbol: r.str(),
        secType: r.str(),
        exchange: r.str(),
        side: r.str(),
      };
      // clients newer than 193 add lastNDays/specificDates; tolerate and ignore them
      return { type: 'REQ_EXECUTIONS', reqId, filter };
    }
    case Id.REQ_CONTRACT_DATA: {
      r.skip(1); // version 8
      const reqId = r.int();
      const contract = readRequestedContract(r);
      r.skip(4); // includeExpired, secIdType, secId, issuerId
      return done(r, { type: 'REQ_CONTRACT_DETAILS', reqId, contract }, 'REQ_CONTRACT_DATA');
    }
    case Id.REQ_MKT_DATA: {
      r.skip(1); // version 11
      const reqId = r.int();
      const contract = readRequestedContract(r);
      if (contract.secType.toUpperCase() === 'BAG') throw new WireDecodeError('combo market data is not supported');
      if (r.bool()) r.skip(3); // deltaNeutralContract
      const genericTicks = r.str();
      const snapshot = r.bool();
      r.skip(2); // regulatorySnapshot, mktDataOptions
      return done(r, { type: 'REQ_MKT_DATA', reqId, contract, genericTicks, snapshot }, 'REQ_MKT_DATA');
    }
    case Id.CANCEL_MKT_DATA:
      r.skip(1);
      return done(r, { type: 'CANCEL_MKT_DATA', reqId: r.int() }, 'CANCEL_MKT_DATA');
    case Id.REQ_MARKET_DATA_TYPE:
      r.skip(1);
      return done(r, { type: 'REQ_MARKET_DATA_TYPE', marketDataType: r.int() }, 'REQ_MARKET_DATA_TYPE');
    case Id.REQ_CURRENT_TIME:
      r.skip(1);
      return done(r, { type: 'REQ_CURRENT_TIME' }, 'REQ_CURRENT_TIME');
    case Id.REQ_MANAGED_ACCTS:
      r.skip(1);
      return done(r, { type: 'REQ_MANAGED_ACCTS' }, 'REQ_MANAGED_ACCTS');
    case Id.REQ_GLOBAL_CANCEL:
      // no version since 192; extOperator, manualOrderIndicator
      return { type: 'REQ_GLOBAL_CANCEL' };
    case Id.REQ_POSITIONS_MULTI: {
      r.skip(1); // version 1
      const reqId = r.int();
      return done(r, { type: 'REQ_POSITIONS_MULTI', reqId, account: r.str(), modelCode: r.str() }, 'REQ_POSITIONS_MULTI');
    }
    case Id.CANCEL_POSITIONS_MULTI:
      r.skip(1);
      return done(r, { type: 'CANCEL_POSITIONS_MULTI', reqId: r.int() }, 'CANCEL_POSITIONS_MULTI');
    case Id.REQ_ACCOUNT_UPDATES_MULTI: {
      r.skip(1); // version 2
      const reqId = r.int();
      const account = r.str();
      const modelCode = r.str();
      return done(r, { type: 'REQ_ACCOUNT_UPDATES_MULTI', reqId, account, modelCode, ledgerAndNlv: r.bool() }, 'REQ_ACCOUNT_UPDATES_MULTI');
    }
    case Id.CANCEL_ACCOUNT_UPDATES_MULTI:
      r.skip(1);
      return done(r, { type: 'CANCEL_ACCOUNT_UPDATES_MULTI', reqId: r.int() }, 'CANCEL_ACCOUNT_UPDATES_MULTI');
    case Id.REQ_MATCHING_SYMBOLS: {
      const reqId = r.int();
      return done(r, { type: 'REQ_MATCHING_SYMBOLS', reqId, pattern: r.str() }, 'REQ_MATCHING_SYMBOLS');
    }
    case Id.REQ_MARKET_RULE:
      return done(r, { type: 'REQ_MARKET_RULE', marketRuleId: r.int() }, 'REQ_MARKET_RULE');
    case Id.REQ_PNL: {
      const reqId = r.int();
      return done(r, { type: 'REQ_PNL', reqId, account: r.str(), modelCode: r.str() }, 'REQ_PNL');
    }
    case Id.REQ_PNL_SINGLE: {
      const reqId = r.int();
      const account = r.str();
      const modelCode = r.str();
      return done(r, { type: 'REQ_PNL_SINGLE', reqId, account, modelCode, conId: r.int() }, 'REQ_PNL_SINGLE');
    }
    case Id.CANCEL_PNL:
    case Id.CANCEL_PNL_SINGLE:
      // both cancel one PnL stream by id; ids are unique across the two kinds
      return done(r, { type: 'CANCEL_PNL', reqId: r.int() }, 'CANCEL_PNL');
    case Id.REQ_COMPLETED_ORDERS:
      return done(r, { type: 'REQ_COMPLETED_ORDERS', apiOnly: r.bool() }, 'REQ_COMPLETED_ORDERS');
    case Id.REQ_USER_INFO:
      return done(r, { type: 'REQ_USER_INFO', reqId: r.int() }, 'REQ_USER_INFO');
    default: {
      const index = UNSUPPORTED_REQ_ID_INDEX[messageId];
      const reqId = index === undefined ? -1 : Number.parseInt(fields[index] ?? '', 10);
      return { type: 'UNSUPPORTED', messageId, reqId: Number.isSafeInteger(reqId) ? reqId : -1 };
    }
  }
}
