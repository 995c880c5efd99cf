/**
 * Message ids of the TWS API, named from the emulator's side: `ServerMessageId` is what TWS sends
 * (the client's IN_MSG_ID), `ClientMessageId` what clients send (the client's OUT_MSG_ID).
 * Values from @stoqey/ib 1.6.10 `dist/core/io/enum/in-msg-id.js` and `encoder.js`.
 */
export const ServerMessageId = {
  TICK_PRICE: 1,
  TICK_SIZE: 2,
  ORDER_STATUS: 3,
  ERR_MSG: 4,
  OPEN_ORDER: 5,
  ACCT_VALUE: 6,
  PORTFOLIO_VALUE: 7,
  ACCT_UPDATE_TIME: 8,
  NEXT_VALID_ID: 9,
  CONTRACT_DATA: 10,
  EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15,
  CURRENT_TIME: 49,
  CONTRACT_DATA_END: 52,
  OPEN_ORDER_END: 53,
  ACCT_DOWNLOAD_END: 54,
  EXECUTION_DATA_END: 55,
  MARKET_DATA_TYPE: 58,
  COMMISSION_REPORT: 59,
  POSITION_DATA: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
  POSITION_MULTI: 71,
  POSITION_MULTI_END: 72,
  ACCOUNT_UPDATE_MULTI: 73,
  ACCOUNT_UPDATE_MULTI_END: 74,
  SYMBOL_SAMPLES: 79,
  MARKET_RULE: 93,
  PNL: 94,
  PNL_SINGLE: 95,
  COMPLETED_ORDER: 101,
  COMPLETED_ORDERS_END: 102,
  USER_INFO: 107,
} as const;

/** Requests a client may send (after the handshake). */
export const ClientMessageId = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_ACCOUNT_DATA: 6,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_AUTO_OPEN_ORDERS: 15,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_MANAGED_ACCTS: 17,
  REQ_CURRENT_TIME: 49,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  START_API: 71,
  REQ_POSITIONS_MULTI: 74,
  CANCEL_POSITIONS_MULTI: 75,
  REQ_ACCOUNT_UPDATES_MULTI: 76,
  CANCEL_ACCOUNT_UPDATES_MULTI: 77,
  REQ_MATCHING_SYMBOLS: 81,
  REQ_MARKET_RULE: 91,
  REQ_PNL: 92,
  CANCEL_PNL: 93,
  REQ_PNL_SINGLE: 94,
  CANCEL_PNL_SINGLE: 95,
  REQ_COMPLETED_ORDERS: 99,
  REQ_USER_INFO: 104,
} as const;

/**
 * The server version the emulator announces. Every encoder and decoder in this folder is written for
 * exactly this version: it is the highest @stoqey/ib 1.6.10 accepts (CME_TAGGING_FIELDS_IN_OPEN_ORDER).
 */
export const SERVER_VERSION = 193;

/** Lowest version the V100+ framing supports; the client advertises `v100..193`. */
export const MIN_CLIENT_VERSION = 100;
