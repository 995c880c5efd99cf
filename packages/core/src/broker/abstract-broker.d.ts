import { Observable } from 'rxjs';
import { type Clock } from '../clock/clock';
import type { BrokerAccountInfo, BrokerBalance, BrokerPosition } from '../domain/account';
import type { Decimal } from '../decimal/decimal';
import { type Fill, type Order, type OrderRequestInput, type OrderStatus } from '../domain/order';
import { BrokerError } from '../errors/broker-error';
import { EventBus } from '../events/event-bus';
import { type Logger } from '../logging/logger';
import { type MetricsSink } from '../metrics/metrics-sink';
import type { OrderTransitionPatch } from '../orders/order-state-machine';
import type { OrderJournal } from '../journal/order-journal';
import type { PreTradeCheck } from '../risk/pre-trade-check';
import { OrderTracker } from '../orders/order-tracker';
import type { Broker, SubmitAcknowledgement } from './broker';
import type { BrokerInit } from './broker-init';
import { type BrokerCapabilities } from './capabilities';
import { type ConnectionState } from './connection-state';
/**
 * Base class of every broker. It owns what must be identical everywhere: request validation, the order
 * state machine, deduplication of fills, publication on the bus, bus subscription, connection states
 * and metrics. A venue adapter implements only the `*Venue` methods and the reads, and reports what
 * the venue says through `applyVenueStatus` and `applyVenueFill`.
 */
export declare abstract class AbstractBroker<TConfig = unknown> implements Broker {
    readonly id: string;
    abstract readonly capabilities: BrokerCapabilities;
    protected readonly config: TConfig;
    protected readonly bus: EventBus;
    protected readonly clock: Clock;
    protected readonly logger: Logger;
    protected readonly metrics: MetricsSink;
    protected readonly tracker: OrderTracker;
    protected readonly journal?: OrderJournal;
    private readonly clientOrderIds;
    private readonly preTradeChecks;
    private readonly stateSubject;
    private readonly orderSubject;
    private readonly fillSubject;
    private readonly submittedAt;
    /** Ids between validation and tracking (while the journal writes), so a duplicate cannot slip in. */
    private readonly reservedIds;
    private busSubscription?;
    readonly state$: Observable<ConnectionState>;
    readonly orders$: Observable<Order>;
    readonly fills$: Observable<Fill>;
    constructor(init: BrokerInit<TConfig>);
    /** Adds a rule every later order must pass (kill switch, circuit breaker...). */
    addPreTradeCheck(check: PreTradeCheck): void;
    protected abstract connectVenue(): Promise<void>;
    /** Must release every socket and timer the adapter holds. */
    protected abstract disconnectVenue(): Promise<void>;
    /** Sends the order once. Throw a classified BrokerError on rejection; never retry here. */
    protected abstract submitToVenue(order: Order): Promise<SubmitAcknowledgement>;
    /** Sends the cancel. The confirmation may arrive here or later through applyVenueStatus. */
    protected abstract cancelAtVenue(order: Order): Promise<void>;
    abstract getPositions(): Promise<readonly BrokerPosition[]>;
    abstract getBalances(): Promise<readonly BrokerBalance[]>;
    abstract getAccountInfo(): Promise<BrokerAccountInfo>;
    /** Last known price, used to check the min notional of MARKET orders. */
    protected referencePrice(_symbol: string): Decimal | undefined;
    get state(): ConnectionState;
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    /** Validated state change, published on state$, the bus and metrics. */
    protected setConnectionState(next: ConnectionState, reason?: string): void;
    placeOrder(input: OrderRequestInput): Promise<Order>;
    cancelOrder(clientOrderId: string): Promise<Order>;
    getOrder(clientOrderId: string): Promise<Order | undefined>;
    getOpenOrders(symbol?: string): Promise<readonly Order[]>;
    /**
     * Applies a status the venue reported (ACCEPTED, CANCELED, EXPIRED, REJECTED...). Repeats are
     * no-ops; a transition the table forbids is logged and reported, never applied.
     */
    protected applyVenueStatus(clientOrderId: string, status: OrderStatus, patch?: OrderTransitionPatch): Order | undefined;
    /**
     * Applies an execution. Duplicate tradeIds are ignored, so adapters can pass replays (after a
     * reconnect, IB's execution replay) without counting anything twice. Returns whether it was new.
     */
    protected applyVenueFill(fill: Fill): boolean;
    /** Classifies, logs, counts and publishes an error; returns it as a BrokerError for throwing. */
    protected reportError(error: unknown, clientOrderId?: string): BrokerError;
    private onSubmitFailed;
    private publishOrder;
    private onOrderEvent;
}
