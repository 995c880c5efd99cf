import type { Decimal } from '@silvertine/core';

/** IB security types the emulator lists. */
export type SecType = 'STK' | 'CASH' | 'FUT' | 'OPT' | 'CRYPTO';

/** Order status strings TWS reports in ORDER_STATUS and OPEN_ORDER. */
export type TwsOrderStatus =
  | 'PendingSubmit'
  | 'PendingCancel'
  | 'PreSubmitted'
  | 'Submitted'
  | 'ApiCancelled'
  | 'Cancelled'
  | 'Filled'
  | 'Inactive';

/** A contract as the emulator knows it: what TWS puts on the wire plus the trading rules. */
export interface ContractSpec {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: SecType;
  /** YYYYMMDD for futures and options, '' otherwise. */
  readonly lastTradeDateOrContractMonth: string;
  readonly strike?: Decimal;
  readonly right?: 'C' | 'P';
  /** Undefined prints as '' (stocks, forex, crypto). */
  readonly multiplier?: Decimal;
  /** The exchange orders route to (SMART, IDEALPRO, CME, PAXOS...). */
  readonly exchange: string;
  readonly primaryExchange: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
  readonly minTick: Decimal;
  readonly minSize: Decimal;
  readonly sizeIncrement: Decimal;
  readonly longName: string;
  readonly orderTypes: string;
  readonly validExchanges: string;
  readonly timeZoneId: string;
}

/** The contract fields clients send in requests (every field optional: unset means "any"). */
export interface RequestedContract {
  readonly conId?: number;
  readonly symbol: string;
  readonly secType: string;
  readonly lastTradeDateOrContractMonth: string;
  readonly strike?: Decimal;
  readonly right: string;
  readonly multiplier?: Decimal;
  readonly exchange: string;
  readonly primaryExchange: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
}

/** The order fields of PLACE_ORDER the emulator acts on (the rest are read and dropped). */
export interface PlacedOrder {
  readonly action: string;
  readonly totalQuantity?: Decimal;
  readonly orderType: string;
  readonly lmtPrice?: Decimal;
  readonly auxPrice?: Decimal;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly account: string;
  readonly orderRef: string;
  readonly transmit: boolean;
  readonly parentId: number;
  readonly outsideRth: boolean;
  readonly goodTillDate: string;
  readonly ocaType: number;
  readonly trailStopPrice?: Decimal;
  readonly trailingPercent?: Decimal;
  /** TRAIL LIMIT: the limit's distance beyond the triggered stop. */
  readonly lmtPriceOffset?: Decimal;
  readonly whatIf: boolean;
  readonly conditionCount: number;
}
