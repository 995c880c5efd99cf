/** Only ends a wait that is really stuck: every wait in these tests is for a state the processes reach. */
export const SAFETY_NET_MS = 60_000;

/** Polls `read` until `holds`; the safety net ends a stuck wait with the last value seen. */
export async function until<T>(read: () => Promise<T> | T, holds: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + SAFETY_NET_MS;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
