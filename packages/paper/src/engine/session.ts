const DAY_MS = 86_400_000;

/**
 * When a DAY order expires. Either a time of day in UTC ("HH:MM" or "HH:MM:SS"; the order expires at the
 * first such instant after it was accepted), or a function for exchange calendars.
 */
export type SessionEndConfig = string | ((acceptedAt: number) => number);

/** Parses "HH:MM[:SS]" into milliseconds after UTC midnight. Throws RangeError on anything else. */
export function parseTimeOfDay(text: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new RangeError(`session end must be "HH:MM" or "HH:MM:SS" (UTC), got "${text}"`);
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? '0')];
  if (h > 23 || m > 59 || s > 59) throw new RangeError(`session end out of range: "${text}"`);
  return ((h * 60 + m) * 60 + s) * 1000;
}

/** Builds the DAY-expiry function for a config (default "00:00": the UTC day boundary, as crypto venues use). */
export function sessionEndFunction(config: SessionEndConfig = '00:00'): (acceptedAt: number) => number {
  if (typeof config === 'function') return config;
  const offset = parseTimeOfDay(config);
  return (acceptedAt) => {
    const midnight = Math.floor(acceptedAt / DAY_MS) * DAY_MS;
    const today = midnight + offset;
    return today > acceptedAt ? today : today + DAY_MS;
  };
}
