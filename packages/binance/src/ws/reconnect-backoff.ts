/**
 * Delay before reconnect attempt `attempt` (0-based): min, 2·min, 4·min … capped at max, each scaled by
 * a jitter factor in [0.8, 1.2) so that many clients dropped together do not reconnect together, and
 * never above max.
 */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.min(maxMs, Math.round(base * (0.8 + random() * 0.4)));
}
