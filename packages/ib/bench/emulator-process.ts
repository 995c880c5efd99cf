/**
 * A child process of bench/place-order.bench.ts: the TWS emulators of both bench sides (one each, so neither
 * side's resting orders weigh on the other's placements), in their own process and event loop, as TWS is a
 * process of its own beside a real client. Run in-process, the emulator's CPU shared the client's event loop:
 * each round trip then also paid the emulator's decode, matching and encode on the measured thread, and a
 * pause of the emulator (its GC, its matcher) was charged to whichever side was running.
 *
 * IPC protocol (parent → child): `'cpu'` answers `{ cpu: µs }` (this process's user + system CPU so far);
 * disconnecting the IPC channel closes the emulators and exits. At start it sends `{ ports: [a, b] }`.
 * GTD expiry timers off (`timerIntervalMs: 0`): a timer scanning thousands of resting orders once a second
 * would land in some rounds and not others.
 *
 * Run by the bench only: `node -r register-ts.js emulator-process.ts [count]`.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2);
  const emulators: TwsEmulator[] = [];
  for (let i = 0; i < count; i++) {
    const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
    emulator.setPrice('AAPL', 150);
    emulators.push(emulator);
  }
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const used = process.cpuUsage();
    process.send!({ cpu: used.user + used.system });
  });
  process.once('disconnect', () => {
    void Promise.all(emulators.map((e) => e.close())).then(() => process.exit(0));
  });
  process.send!({ ports: emulators.map((e) => e.port) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
