import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BrokerRegistry } from '@silvertine/core';
import { detectCoreCopy, globalModuleDirs, loadPlugins } from './plugin-loader';

const run = promisify(execFile);
const registerTs = path.join(__dirname, '..', '..', '..', '..', 'tools', 'scripts', 'register-ts.js');

/** Writes node_modules/<name> under `dir`: a plugin whose manifest says where it was installed. */
function installPlugin(modulesDir: string, name: string, where: string): string {
  const dir = path.join(modulesDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), `exports.plugin = { name: ${JSON.stringify(`${name}@${where}`)}, brokers: [] };\n`);
  return dir;
}

describe('where a plugin named by package is found', () => {
  let work: string;
  let configDir: string;
  let cwd: string;
  let globalDir: string;

  beforeEach(() => {
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'silvertine-plugins-')));
    configDir = path.join(work, 'project', 'config');
    cwd = path.join(work, 'elsewhere');
    globalDir = path.join(work, 'prefix', 'lib', 'node_modules');
    for (const dir of [configDir, cwd, globalDir]) mkdirSync(dir, { recursive: true });
  });

  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const search = () => ({ cwd, globalDirs: [globalDir] });

  /** Resolves in a child process: Jest's own resolver answers `require.resolve(name, { paths })` differently from Node's. */
  async function resolveWithNode(names: string[]): Promise<(string | undefined)[]> {
    const code = `const { resolvePluginPackage } = require(${JSON.stringify(path.join(__dirname, 'plugin-loader.ts'))});
      console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => resolvePluginPackage(n, ${JSON.stringify(configDir)}, ${JSON.stringify(search())}) ?? null)));`;
    const { stdout } = await run(process.execPath, ['-r', registerTs, '-e', code], { timeout: 60_000 });
    return (JSON.parse(stdout) as (string | null)[]).map((p) => p ?? undefined);
  }

  it('looks in the config directory, then the working directory, then global installs', async () => {
    const onlyGlobal = installPlugin(globalDir, 'acme-a', 'global');
    installPlugin(globalDir, 'acme-b', 'global');
    const inCwd = installPlugin(path.join(cwd, 'node_modules'), 'acme-b', 'cwd');
    installPlugin(globalDir, 'acme-c', 'global');
    installPlugin(path.join(cwd, 'node_modules'), 'acme-c', 'cwd');
    // the config's project (node_modules above the config file's directory) wins over both
    const inProject = installPlugin(path.join(work, 'project', 'node_modules'), 'acme-c', 'project');
    expect(await resolveWithNode(['acme-a', 'acme-b', 'acme-c', 'acme-none'])).toEqual([
      path.join(onlyGlobal, 'index.js'),
      path.join(inCwd, 'index.js'),
      path.join(inProject, 'index.js'),
      undefined,
    ]);
    const [loaded] = await loadPlugins(['acme-c'], new BrokerRegistry(), { baseDir: configDir, search: search() });
    expect(loaded.manifest.name).toBe('acme-c@project');
    expect(loaded.resolvedPath).toBe(path.join(inProject, 'index.js'));
  });

  it('says to install a package found nowhere', async () => {
    await expect(loadPlugins(['acme-missing'], new BrokerRegistry(), { baseDir: configDir, search: search() })).rejects.toThrow(
      'plugin acme-missing is not installed: install acme-missing (npm install acme-missing)',
    );
  });

  it('names both copies of @silvertine/core when a plugin resolves its own, as a warning', async () => {
    const pluginDir = installPlugin(path.join(configDir, 'node_modules'), 'acme-own-core', 'config');
    const ownCore = path.join(pluginDir, 'node_modules', '@silvertine', 'core');
    mkdirSync(ownCore, { recursive: true });
    writeFileSync(path.join(ownCore, 'package.json'), JSON.stringify({ name: '@silvertine/core', version: '0.1.0' }));
    const warnings: unknown[] = [];
    const logger = { warn: (message: string, fields?: object) => warnings.push({ message, ...fields }) } as never;
    const [loaded] = await loadPlugins(['acme-own-core'], new BrokerRegistry(), { baseDir: configDir, search: search(), logger });
    const appCore = realpathSync(path.join(__dirname, '..', '..', '..', 'core'));
    expect(loaded.coreCopy).toEqual({ app: appCore, plugin: ownCore });
    expect(warnings).toEqual([{ message: 'plugin loads its own copy of @silvertine/core', plugin: 'acme-own-core', appCore, pluginCore: ownCore }]);
    // a plugin that shares the app's core is not reported
    const sharing = installPlugin(path.join(configDir, 'node_modules'), 'acme-shared-core', 'config');
    expect(detectCoreCopy(path.join(sharing, 'index.js'), sharing)).toBeUndefined();
  });

  it('global installs: npm\'s prefix when npm set it, and the prefix of the running node', () => {
    const dirs = globalModuleDirs({ npm_config_prefix: '/opt/npm' }, '/usr/local/bin/node');
    expect(dirs).toEqual(process.platform === 'win32' ? expect.any(Array) : ['/opt/npm/lib/node_modules', '/usr/local/lib/node_modules']);
  });
});
