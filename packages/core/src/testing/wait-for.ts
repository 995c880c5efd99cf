import { firstValueFrom, filter, timeout, type Observable } from 'rxjs';

/** Resolves with the first value of `source` matching `predicate`, or rejects after `ms`. */
export function waitFor<T>(source: Observable<T>, predicate: (value: T) => boolean, ms = 5_000, what = 'event'): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(predicate),
      timeout({ first: ms, with: () => { throw new Error(`timed out after ${ms} ms waiting for ${what}`); } }),
    ),
  );
}

/** Counts resources that keep Node alive (sockets, servers, timers), by type. */
export function activeResourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const info = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.() ?? [];
  for (const type of info) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Resource types whose count grew from `before` to `after`. */
export function leakedResources(before: Map<string, number>, after: Map<string, number>): string[] {
  const leaked: string[] = [];
  for (const [type, n] of after) {
    const base = before.get(type) ?? 0;
    if (n > base) leaked.push(`${type} +${n - base}`);
  }
  return leaked;
}
