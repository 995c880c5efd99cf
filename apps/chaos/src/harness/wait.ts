/**
 * What a scenario's wait on an event or a state allows before it calls the run stuck: generous, since
 * a soak runs eight rigs at once and npm run test:load gives the process a fraction of the CPU. A wait
 * that ends early on its condition costs nothing; only a really stuck run reaches it.
 */
export const SAFETY_NET_MS = 20_000;

/** Short real waits for socket traffic (the emulators run on real sockets in this process). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 10 ms until it holds; throws naming `what` after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await pause(10);
  }
}

/** Like `eventually`, but reports whether the condition was reached instead of throwing. */
export async function settles(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  try {
    await eventually(check, ms, 'settle');
    return true;
  } catch {
    return false;
  }
}
