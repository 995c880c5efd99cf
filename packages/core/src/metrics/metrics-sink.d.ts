import type { ConnectionState } from '../broker/connection-state';
import type { BrokerErrorCode, ErrorSeverity } from '../errors/broker-error';
import type { OrderStatus, OrderType } from '../domain/order';
/**
 * Where brokers report what they measure. Core ships a no-op; @silvertine/monitoring implements it with
 * prom-client. Calls must be cheap and must never throw into the order path.
 */
export interface MetricsSink {
    orderSubmitted(brokerId: string, orderType: OrderType): void;
    /** Submit to venue acknowledgement. */
    orderAcknowledged(brokerId: string, latencyMs: number): void;
    /** Submit to first fill. */
    orderFirstFill(brokerId: string, latencyMs: number): void;
    orderFinished(brokerId: string, status: OrderStatus): void;
    fill(brokerId: string, symbol: string): void;
    connectionState(brokerId: string, state: ConnectionState, at: number): void;
    error(brokerId: string, code: BrokerErrorCode, severity: ErrorSeverity): void;
}
/** The default sink: measures nothing. */
export declare class NoopMetricsSink implements MetricsSink {
    orderSubmitted(_brokerId: string, _orderType: OrderType): void;
    orderAcknowledged(_brokerId: string, _latencyMs: number): void;
    orderFirstFill(_brokerId: string, _latencyMs: number): void;
    orderFinished(_brokerId: string, _status: OrderStatus): void;
    fill(_brokerId: string, _symbol: string): void;
    connectionState(_brokerId: string, _state: ConnectionState, _at: number): void;
    error(_brokerId: string, _code: BrokerErrorCode, _severity: ErrorSeverity): void;
}
