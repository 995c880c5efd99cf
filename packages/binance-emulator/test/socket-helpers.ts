import type WebSocket from 'ws';

/** Resolves when the socket opens; rejects with its error (e.g. "Unexpected server response: 400"). */
export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
}

/** Closes the socket and resolves once the close handshake is over (the emulator has seen it). */
export async function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return;
  await new Promise((resolve) => {
    ws.once('close', resolve);
    ws.close();
  });
}
