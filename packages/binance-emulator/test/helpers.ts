import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A documentation fixture from test/fixtures. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as T;
}

/** Sorted keys of an object (shape comparison against fixtures). */
export function keys(o: unknown): string[] {
  return Object.keys(o as object).sort();
}

/** typeof of each value, to check strings stay strings and numbers numbers. */
export function types(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]));
}

export interface Response<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * A signed REST call written here, with node:crypto and fetch only (no adapter of ours): params in the
 * query string for GET/DELETE, in a form body for POST, signature over exactly what is sent.
 */
export async function signed<T = Record<string, unknown>>(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string | number>,
  creds: { apiKey: string; apiSecret: string },
  timestamp: number = Date.now(),
): Promise<Response<T>> {
  const query = new URLSearchParams(Object.entries({ ...params, timestamp }).map(([k, v]) => [k, String(v)] as [string, string])).toString();
  const signature = createHmac('sha256', creds.apiSecret).update(query).digest('hex');
  const signedText = `${query}&signature=${signature}`;
  const init: RequestInit = { method, headers: { 'X-MBX-APIKEY': creds.apiKey } };
  let url = `${base}${path}`;
  if (method === 'POST') {
    init.body = signedText;
    (init.headers as Record<string, string>)['Content-Type'] = 'application/x-www-form-urlencoded';
  } else url += `?${signedText}`;
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** An unsigned GET. */
export async function get<T = Record<string, unknown>>(base: string, path: string): Promise<Response<T>> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** Resolves once `check` holds, polling each few ms; the deadline is only a safety net. */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
