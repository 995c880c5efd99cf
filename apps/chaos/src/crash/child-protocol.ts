/** Where a trading child is killed with SIGKILL. */
export type KillPoint = 'journal' | 'send' | 'ack' | 'partial';

/** What the parent tells a trading child (JSON in the CHAOS_CHILD environment variable). */
export interface ChildOrders {
  readonly point: KillPoint;
  readonly restUrl: string;
  readonly wsApiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly journalFile: string;
  readonly logFile: string;
  readonly brokerId: string;
  readonly order: {
    readonly clientOrderId: string;
    readonly side: 'BUY' | 'SELL';
    readonly type: 'MARKET' | 'LIMIT';
    readonly quantity: string;
    readonly limitPrice?: string;
  };
}

/** Lines the child writes on stdout: `READY` once connected, `AT <point>` when it reached the kill point. */
export const READY = 'READY';
/** Prefix of the kill-point line. */
export const AT = 'AT';
