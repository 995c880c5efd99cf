/**
 * A deadline that only ends a test that is really stuck: the emulator shares the test's process, which
 * may get a fraction of the CPU (npm run test:load). Never what decides an outcome.
 */
export const SAFETY_NET_MS = 20_000;

/** Polls `check` every 5 ms until it returns a value other than undefined/false; `ms` is a safety net. */
export async function waitFor<T>(check: () => T | undefined | false, ms = SAFETY_NET_MS, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** True for errors the @stoqey/ib decoder raises on a layout mismatch. */
export function isDecodeError(message: string, code: number): boolean {
  return code === 505 || /underrun|decoding error|unprocessed data|no parser/i.test(message);
}
