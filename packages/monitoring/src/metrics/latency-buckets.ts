/**
 * Histogram buckets in seconds for order latencies. They span five microseconds (an in-process paper
 * fill) to ten seconds (a venue under stress) in roughly 1-2.5-5 steps, so the same histogram resolves
 * both a paper broker's microseconds and a venue's hundred milliseconds without a per-broker layout.
 */
export const ORDER_LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * Buckets in seconds for event-bus lag: delivery is synchronous in process (microseconds); events
 * bridged through Redis Streams arrive milliseconds to seconds after they were created.
 */
export const BUS_LAG_BUCKETS_SECONDS: readonly number[] = [0.00001, 0.0001, 0.001, 0.005, 0.025, 0.1, 0.5, 1, 5];
