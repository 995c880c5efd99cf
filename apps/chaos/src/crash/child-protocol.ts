/** Where a trading child is killed with SIGKILL. */
export type KillPoint = 'journal' | 'send' | 'ack' | 'partial';

/** What the parent tells a trading child (JSON in the CHAOS_CHILD environment variable). */
export interface ChildOrders {
  readonly point: KillPoint;
  /**
   * The product's configuration, as `silvertine run` would read it: the broker (its plugin, the
   * emulator's or the proxy's address) and the `resilience:` section with the journal's path.
   */
  readonly yaml: string;
  /** What the YAML's `${VAR}` references read (the credentials: registered as secrets with the logger). */
  readonly env: Readonly<Record<string, string>>;
  /** The broker's name in the YAML (its id, and the journal's brokerId). */
  readonly brokerId: string;
  readonly symbol: string;
  readonly logFile: string;
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
