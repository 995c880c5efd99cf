import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { dec } from '@silvertine/core';
import { binanceConfig, type BinanceConfig } from '../src/binance.config';
import { GotTransport } from '../src/http/got-transport';
import { UndiciTransport } from '../src/http/undici-transport';
import { API_KEY, API_SECRET, startVenue } from './emulator-harness';

/**
 * undici is the default REST transport; got is used only when asked for by name and is loaded only then
 * (an optional peer dependency). The spies wrap the real transports: every request still goes over the wire.
 */
describe('REST transport selection', () => {
  afterEach(() => jest.restoreAllMocks());

  /** Connects a broker with `config`, places an order, and checks which transport carried every REST request. */
  async function expectRestOver(config: Partial<BinanceConfig>, used: 'undici' | 'got'): Promise<void> {
    const spies = { undici: jest.spyOn(UndiciTransport.prototype, 'request'), got: jest.spyOn(GotTransport.prototype, 'request') };
    const v = await startVenue(config);
    try {
      const btc = (await v.broker.instrument('BTCUSDT'))!;
      const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
      expect(order.status).toBe('FILLED');
      expect(spies[used].mock.calls.map(([request]) => request.path.split('?')[0])).toEqual(expect.arrayContaining(['/api/v3/time', '/api/v3/exchangeInfo', '/api/v3/order']));
      expect(spies[used === 'got' ? 'undici' : 'got']).not.toHaveBeenCalled();
    } finally {
      await v.close();
    }
  }

  it('defaults to undici in the config class', () => {
    expect(binanceConfig({ apiKey: 'k', symbols: ['BTCUSDT'] }).transport).toBe('undici');
  });

  it('a broker built without a transport option sends its REST requests over undici, never got', async () => {
    await expectRestOver({}, 'undici');
  });

  it("transport: 'got' sends every REST request over got", async () => {
    await expectRestOver({ transport: 'got' }, 'got');
  });

  it("transport: 'got' without got installed fails connect with a ConfigurationError saying to install it", async () => {
    let binance!: typeof import('../src');
    let core!: typeof import('@silvertine/core');
    jest.isolateModules(() => {
      // As Node reports a package that is not installed.
      jest.doMock('got', () => {
        throw Object.assign(new Error("Cannot find module 'got' from 'got-transport.ts'"), { code: 'MODULE_NOT_FOUND' });
      });
      binance = jest.requireActual('../src');
      core = jest.requireActual('@silvertine/core');
    });
    const config = { apiKey: API_KEY, apiSecret: API_SECRET, environment: 'custom' as const, baseUrl: 'http://127.0.0.1:9', wsApiUrl: 'ws://127.0.0.1:9/ws-api/v3', symbols: ['BTCUSDT'] };
    const broker = new binance.BinanceBroker({ id: 'no-got', bus: new core.EventBus(), logger: core.createSilentLogger(), config: { ...binanceConfig(config), transport: 'got' } });
    await expect(broker.connect()).rejects.toMatchObject({ name: 'ConfigurationError', code: 'CONFIGURATION', message: expect.stringMatching(/install got.*to use transport: got/) });
    expect(broker.state).toBe('ERROR');
    await broker.disconnect();
    jest.dontMock('got');
  });

  it('importing the package entry points does not load got; building a GotTransport does', async () => {
    const root = path.join(__dirname, '..', '..', '..');
    // A fresh Node process (not Jest's module registry): require.cache lists every file Node has loaded.
    const probe = `
      const path = require('path');
      const gotFiles = () => Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/]got[\\\\/]/.test(f)).length;
      const main = require(path.resolve('packages/binance/src/index.ts'));
      const testing = require(path.resolve('packages/binance/src/testing/index.ts'));
      const afterImport = gotFiles();
      const transport = new testing.GotTransport('http://127.0.0.1:9');
      const afterGot = gotFiles();
      transport.close().then(() => console.log(JSON.stringify({ afterImport, afterGot, broker: typeof main.BinanceBroker })));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', './tools/scripts/register-ts.js', '-e', probe], { cwd: root });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { afterImport: number; afterGot: number; broker: string };
    expect(result.broker).toBe('function');
    expect(result.afterImport).toBe(0);
    // The control: the probe does see got once it is loaded.
    expect(result.afterGot).toBeGreaterThan(0);
  });
});
