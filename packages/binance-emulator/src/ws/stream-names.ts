/**
 * The market stream names the emulator serves, as web-socket-streams.md spells them:
 * `<symbol>@trade`, `<symbol>@aggTrade`, `<symbol>@bookTicker`, `<symbol>@depth[@1000ms|@100ms]` (diff depth; 1000 ms is the
 * default speed) and `<symbol>@depth<5|10|20>[@1000ms|@100ms]` (partial books).
 *
 * A name is matched case-insensitively (the key is its lowercase form) but echoed exactly as the client
 * subscribed it: Binance puts the subscribed name in the `stream` field of combined frames, and clients match
 * frames to subscriptions by that name (`btcusdt@bookTicker`, never `btcusdt@bookticker`).
 */
const KINDS = new Set(['trade', 'aggtrade', 'bookticker', 'depth', 'depth@100ms', 'depth@1000ms']);
for (const n of [5, 10, 20]) for (const speed of ['', '@100ms', '@1000ms']) KINDS.add(`depth${n}${speed}`);

/** The lowercase key a served name is pushed under, or undefined when the emulator cannot serve it. */
export function streamKey(name: string, hasSymbol: (symbol: string) => boolean): string | undefined {
  const key = name.toLowerCase();
  const at = key.indexOf('@');
  if (at <= 0) return undefined;
  if (!KINDS.has(key.slice(at + 1))) return undefined;
  return hasSymbol(key.slice(0, at).toUpperCase()) ? key : undefined;
}

/** The keys one depth change is pushed under for a symbol (`btcusdt`): diff streams at every speed. */
export function diffDepthKeys(lowerSymbol: string): readonly string[] {
  return ['', '@100ms', '@1000ms'].map((speed) => `${lowerSymbol}@depth${speed}`);
}

/** The keys of the partial book of `levels` levels at every speed. */
export function partialDepthKeys(lowerSymbol: string, levels: number): readonly string[] {
  return ['', '@100ms', '@1000ms'].map((speed) => `${lowerSymbol}@depth${levels}${speed}`);
}
