import { newEventId, systemClock, type Clock, type EventBus, type MarketData, type MarketDataEvent, type TimerHandle } from '@silvertine/core';

/**
 * How fast a replay runs.
 * - a positive number: data time runs `speed` times faster than the clock (1 = as recorded); every event
 *   waits for its moment on the injected clock, so under a ManualClock the test moves time.
 * - `'max'`: as fast as possible, in batches that yield to the event loop between them. If the clock can
 *   be set (ManualClock), it is moved to each event's time first, so timers on it (latency, DAY expiry)
 *   fire in data order: a backtest in virtual time.
 */
export type ReplaySpeed = number | 'max';

/** Options of a replay. */
export interface ReplayOptions {
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default `'max'`. */
  readonly speed?: ReplaySpeed;
  /** `'max'` only: events published per event-loop turn (default 1,000). */
  readonly batchSize?: number;
}

/** What a finished (or stopped) replay did. */
export interface ReplaySummary {
  readonly published: number;
  /** True when `stop()` ended it before the data did. */
  readonly stopped: boolean;
}

/** A running replay. */
export interface ReplayHandle {
  /** Settles when the data is exhausted or `stop()` is called; rejects if reading the data fails. */
  readonly done: Promise<ReplaySummary>;
  /** Events published so far. */
  readonly published: number;
  /** Stops publishing and cancels every timer the replay holds. Idempotent. */
  stop(): void;
}

/** A source of market data: re-iterable, each `events()` call starting from the beginning. */
export interface MarketDataSource {
  events(): Iterable<MarketData>;
  /** Publishes the events on `bus` as MarketDataEvents; see ReplaySpeed. */
  replay(bus: EventBus, options?: ReplayOptions): ReplayHandle;
}

/** A clock whose time can be set, such as core's ManualClock. */
interface SettableClock extends Clock {
  set(time: number): void;
}

function isSettable(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).set === 'function';
}

/** When an update becomes known: a bar only once it has closed. */
export function knownAt(data: MarketData): number {
  return data.kind === 'bar' ? data.timestamp + data.durationMs : data.timestamp;
}

/** Replays `events` on `bus` (see ReplaySpeed for the two modes). */
export function replayMarketData(events: Iterable<MarketData>, bus: EventBus, options: ReplayOptions = {}): ReplayHandle {
  const clock = options.clock ?? systemClock;
  const speed = options.speed ?? 'max';
  const batchSize = options.batchSize ?? 1000;
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) throw new RangeError(`replay speed must be a positive number or 'max', got ${speed}`);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`replay batchSize must be a positive integer, got ${batchSize}`);

  const iterator = events[Symbol.iterator]();
  let published = 0;
  let finished = false;
  let timer: TimerHandle | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let settle!: (summary: ReplaySummary) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<ReplaySummary>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });

  const finish = (stopped: boolean, error?: unknown): void => {
    if (finished) return;
    finished = true;
    timer?.cancel();
    timer = undefined;
    if (immediate !== undefined) clearImmediate(immediate);
    immediate = undefined;
    iterator.return?.();
    if (error !== undefined) fail(error);
    else settle({ published, stopped });
  };
  const publish = (data: MarketData): void => {
    published++;
    // The event literal itself, not createEvent's spread of an input object: one object per event
    // instead of two, and a single shape (createEvent's spread site sees every event type of the
    // process and is megamorphic); it was the largest self cost of a replay (issue 21).
    const event: MarketDataEvent = { type: 'MarketData', data, id: newEventId(), timestamp: clock.now() };
    bus.publish(event);
  };
  /** Reads the next event; reading errors (a malformed row) end the replay. */
  const pull = (): MarketData | undefined => {
    try {
      const next = iterator.next();
      if (next.done) finish(false);
      return next.done ? undefined : next.value;
    } catch (error) {
      finish(false, error);
      return undefined;
    }
  };

  if (speed === 'max') {
    const settable = isSettable(clock) ? clock : undefined;
    const batch = (): void => {
      immediate = undefined;
      for (let n = 0; n < batchSize && !finished; n++) {
        const data = pull();
        if (data === undefined) return;
        settable?.set(knownAt(data));
        // A subscriber (or a timer fired by set) may have stopped us.
        if (!finished) publish(data);
      }
      if (!finished) immediate = setImmediate(batch);
    };
    immediate = setImmediate(batch);
  } else {
    const startedAt = clock.now();
    let origin: number | undefined;
    let pending = pull();
    const dueAt = (data: MarketData): number => {
      origin ??= knownAt(data);
      return startedAt + (knownAt(data) - origin) / speed;
    };
    const tick = (): void => {
      timer = undefined;
      while (pending !== undefined && !finished && dueAt(pending) <= clock.now()) {
        publish(pending);
        if (!finished) pending = pull();
      }
      if (pending !== undefined && !finished) timer = clock.setTimeout(tick, dueAt(pending) - clock.now());
    };
    // The first event goes out on the clock's first turn (ManualClock: advance(0)), never synchronously
    // inside replay(), so callers can subscribe after starting.
    if (pending !== undefined) timer = clock.setTimeout(tick, 0);
  }

  return {
    done,
    get published() {
      return published;
    },
    stop: () => finish(true),
  };
}
