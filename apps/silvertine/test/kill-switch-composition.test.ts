import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { dec } from '@silvertine/core';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { RESILIENCE_TOKENS } from '@silvertine/resilience';
import { runCli } from '../src/cli/cli';
import { EXIT } from '../src/cli/exit-codes';
import { AppContext } from '../src/composition/app-context';
import { recordingIo } from './recording-io';
import { binanceVenueYaml } from './support/binance-venue-yaml';

jest.setTimeout(120_000);

/**
 * The composition a `silvertine run` builds, in this process, and the `kill-switch` command as a
 * separate invocation: the command only writes the state file, and the composed kill switch, which
 * follows it, refuses the broker's next order and lets orders through again once released.
 */
describe('kill-switch command against the composed app', () => {
  let emulator: BinanceEmulator;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    emulator = await startBinanceEmulator({ port: 0, symbols: ['BTCUSDT'], balances: { USDT: '100000' }, prices: { BTCUSDT: '50000' } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-kill-'));
    config = path.join(dir, 'binance.yaml');
    writeFileSync(config, [
      ...binanceVenueYaml(emulator),
      '    trading: { symbols: [BTCUSDT] }',
      `resilience: { state_dir: "${path.join(dir, 'state')}" }`,
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('engage refuses the running broker\'s next order with KILL_SWITCH; release lets it through', async () => {
    const app = await AppContext.create({ configPath: config, monitoring: false, logger: recordingIo().logger });
    try {
      const broker = await app.broker('venue');
      const killSwitch = app.container.get(RESILIENCE_TOKENS.KillSwitch);
      const instrument = await broker.instrument('BTCUSDT');
      if (!instrument) throw new Error('BTCUSDT unknown');
      const limit = { instrument, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('40000') };

      const engaged = firstValueFrom(killSwitch.engaged$.pipe(filter((r) => r !== undefined)));
      const io = recordingIo();
      expect(await runCli(['kill-switch', 'engage', '--reason', 'composition test', '--config', config], io)).toBe(EXIT.OK);
      expect(io.lines[1]).toBe(`silvertine process ${process.pid} (state directory ${path.join(dir, 'state')}) follows it now: new orders are refused, open orders canceled`);
      expect(await engaged).toBe('composition test');
      await expect(broker.placeOrder(limit)).rejects.toMatchObject({ code: 'KILL_SWITCH', message: 'kill switch engaged: composition test' });
      expect(emulator.control.receivedOrders()).toHaveLength(0);

      const released = firstValueFrom(killSwitch.engaged$.pipe(filter((r) => r === undefined)));
      expect(await runCli(['kill-switch', 'release', '--config', config], recordingIo())).toBe(EXIT.OK);
      await released;
      await expect(broker.placeOrder(limit)).resolves.toMatchObject({ status: 'ACCEPTED' });
      await broker.cancelOrder((await broker.getOpenOrders())[0].clientOrderId);
    } finally {
      await app.close();
    }
  });
});
