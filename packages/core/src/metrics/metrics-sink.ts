import type { ConnectionState } from '../broker/connection-state';
import type { BrokerErrorCode, ErrorSeverity } from '../errors/broker-error';
import type { OrderStatus, OrderType } from '../domain/order';

/**
 * Where brokers report what they measure. Core ships a no-op; @silvertine/monitoring implements it with
 * prom-client. Calls must be cheap and must never throw into the order path.
 */
export interface MetricsSink {
  orderSubmitted(brokerId: string, orderType: OrderType): void;
  /** Submit to venue acknowledgement, in fractional milliseconds of a monotonic timer. */
  orderAcknowledged(brokerId: string, latencyMs: number, orderType?: OrderType): void;
  /** Submit to first fill, in fractional milliseconds of a monotonic timer. */
  orderFirstFill(brokerId: string, latencyMs: number, orderType?: OrderType): void;
  orderFinished(brokerId: string, status: OrderStatus): void;
  fill(brokerId: string, symbol: string): void;
  connectionState(brokerId: string, state: ConnectionState, at: number): void;
  error(brokerId: string, code: BrokerErrorCode, severity: ErrorSeverity): void;
  /** Optional: request weight or order count used against a venue limit. */
  rateLimit?(brokerId: string, limit: string, used: number, max: number): void;
  /** Optional: one WebSocket message in or out. */
  wsMessage?(brokerId: string, direction: 'in' | 'out'): void;
  /** Optional: a circuit breaker opened or closed. */
  circuitState?(brokerId: string, endpoint: string, open: boolean): void;
  /** Optional: the kill switch was engaged or released. */
  killSwitchState?(active: boolean): void;
  /** Optional: a venue message failed its decoder and was dropped (`kind` names the message). */
  venueMessageRejected?(brokerId: string, kind: string): void;
}

/** The default sink: measures nothing. */
export class NoopMetricsSink implements MetricsSink {
  orderSubmitted(_brokerId: string, _orderType: OrderType): void {}
  orderAcknowledged(_brokerId: string, _latencyMs: number, _orderType?: OrderType): void {}
  orderFirstFill(_brokerId: string, _latencyMs: number, _orderType?: OrderType): void {}
  orderFinished(_brokerId: string, _status: OrderStatus): void {}
  fill(_brokerId: string, _symbol: string): void {}
  connectionState(_brokerId: string, _state: ConnectionState, _at: number): void {}
  error(_brokerId: string, _code: BrokerErrorCode, _severity: ErrorSeverity): void {}
}
