import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..', '..');
const run = promisify(execFile);

/**
 * A plugin that installed its own @silvertine/core, as `npm install` does when the plugin pins a core the
 * app does not satisfy: the plugin directory holds a second, complete copy of core's package. The app side
 * (config, the factory, the caller's Decimals) uses the workspace's core. Runs in a child process because
 * Jest would resolve the plugin's require('@silvertine/core') to the workspace copy too.
 */
describe('a plugin carrying its own copy of @silvertine/core', () => {
  let work: string;

  beforeAll(() => {
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'silvertine-core-copy-')));
    const pluginDir = path.join(work, 'core-copy-plugin');
    cpSync(path.join(__dirname, 'fixtures', 'core-copy-plugin'), pluginDir, { recursive: true });
    writeFileSync(path.join(pluginDir, 'package.json'), JSON.stringify({ name: 'core-copy-plugin', version: '1.0.0', main: 'index.js' }));
    const copy = path.join(pluginDir, 'node_modules', '@silvertine', 'core');
    mkdirSync(copy, { recursive: true });
    cpSync(path.join(root, 'packages', 'core', 'src'), path.join(copy, 'src'), { recursive: true, filter: (f) => !f.endsWith('.spec.ts') });
    // the copy's entry points are its TypeScript sources, compiled on require by register-ts
    writeFileSync(
      path.join(copy, 'package.json'),
      JSON.stringify({ name: '@silvertine/core', version: '0.1.0', main: './src/index.ts', exports: { '.': './src/index.ts', './testing': './src/testing/index.ts', './package.json': './package.json' } }),
    );
    writeFileSync(path.join(work, 'silvertine.yaml'), 'plugins:\n  - ./core-copy-plugin\nbrokers:\n  venue:\n    type: copy-venue\n');
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('loads through plugins:, is reported as a second copy, and fills an order placed with the app\'s Decimals', async () => {
    const { stdout } = await run(process.execPath, ['-r', path.join(root, 'tools', 'scripts', 'register-ts.js'), path.join(__dirname, 'support', 'core-copy-session.ts'), path.join(work, 'silvertine.yaml')], {
      cwd: work,
      // the copy's own dependencies (rxjs, inversify, winston) come from the workspace, as hoisted ones would
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    const pluginCore = path.join(work, 'core-copy-plugin', 'node_modules', '@silvertine', 'core');
    expect(result).toMatchObject({
      placedStatus: 'ACCEPTED',
      status: 'FILLED',
      filledQuantity: '0.01',
      // the fill was made by the plugin's copy: not an instance of the app's class, yet a Decimal by brand
      fillIsAppDecimal: false,
      fillIsDecimal: true,
      notional: '500',
      resolvedPath: path.join(work, 'core-copy-plugin', 'index.js'),
      coreCopy: { app: path.join(root, 'packages', 'core'), plugin: pluginCore },
    });
    expect(result.warnings).toEqual([
      { message: 'plugin loads its own copy of @silvertine/core', plugin: './core-copy-plugin', appCore: path.join(root, 'packages', 'core'), pluginCore },
    ]);
  });
});
