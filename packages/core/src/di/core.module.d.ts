import { ContainerModule } from 'inversify';
import { type Clock } from '../clock/clock';
import { type Logger } from '../logging/logger';
import { type MetricsSink } from '../metrics/metrics-sink';
export interface CoreModuleOptions {
    readonly clock?: Clock;
    readonly logger?: Logger;
    readonly metrics?: MetricsSink;
    readonly clientOrderIdPrefix?: string;
}
/**
 * Binds core's shared services as singletons. Other packages' modules rebind what they implement
 * (monitoring rebinds MetricsSink with prom-client).
 */
export declare function createCoreModule(options?: CoreModuleOptions): ContainerModule;
