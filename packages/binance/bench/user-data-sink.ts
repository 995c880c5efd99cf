/**
 * A child process of bench/place-order.bench.ts: holds one user-data subscription on the emulator's WebSocket API
 * while told to (`on` / `off` over IPC, each answered once done) and discards what it receives.
 *
 * Why: the venue pushes an order's executionReports and outboundAccountPosition to every subscribed session,
 * and the emulator shares this machine's cores with the clients. Without a subscriber during the other
 * clients' rounds, only BinanceBroker's rounds would pay the emulator's push work in wall time (a real venue
 * does it on its own machines). With this sink subscribed exactly while no BinanceBroker is, the emulator
 * pushes to one session per order in every round. Its own CPU is not the measured process's.
 *
 * Run by the bench only: `node -r register-ts.js user-data-sink.ts <ws-api url> <api key> <api secret>`.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';

const [url, apiKey, secret] = process.argv.slice(2);
let socket: WebSocket | undefined;

/** Opens a socket and subscribes (the WebSocket API's signed subscribe: params sorted by name, HMAC hex). */
async function subscribe(): Promise<void> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const params: Record<string, string | number> = { apiKey, recvWindow: 5000, timestamp: Date.now() };
  const payload = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  params.signature = createHmac('sha256', secret).update(payload).digest('hex');
  await new Promise<void>((resolve, reject) => {
    ws.on('message', function first(data) {
      const frame = JSON.parse(String(data)) as { id?: string; status?: number };
      if (frame.id !== 'sink') return;
      ws.off('message', first);
      if (frame.status === 200) resolve();
      else reject(new Error(`user-data subscribe refused: ${String(data)}`));
    });
    ws.send(JSON.stringify({ id: 'sink', method: 'userDataStream.subscribe.signature', params }));
  });
  socket = ws;
}

async function unsubscribe(): Promise<void> {
  const ws = socket;
  socket = undefined;
  if (!ws) return;
  await new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}

process.on('message', (command: string) => {
  const done = command === 'on' ? subscribe() : unsubscribe();
  done.then(
    () => process.send?.(command),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => {
  void unsubscribe().then(() => process.exit(0));
});
