import * as path from 'node:path';
import { BrokerRegistry, ConfigurationError } from '@silvertine/core';
import { checkManifest, importPlugin, loadPlugins } from './plugin-loader';

const fixtures = path.join(__dirname, '..', '..', 'test', 'fixtures');

async function failure(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe('plugin loading', () => {
  it('loads a plugin by path relative to the config directory and registers its brokers', async () => {
    const registry = new BrokerRegistry();
    const [loaded] = await loadPlugins(['./plugins/local-plugin.js'], registry, { baseDir: fixtures });
    expect(loaded.manifest).toMatchObject({ name: 'local-plugin', version: '1.0.0' });
    expect(registry.types()).toEqual(['local']);
    expect(registry.get('local').plugin).toBe('local-plugin');
    // loading twice is harmless
    await loadPlugins(['./plugins/local-plugin.js'], registry, { baseDir: fixtures });
    expect(registry.types()).toEqual(['local']);
  });

  it('loads a plugin by package name', async () => {
    const registry = new BrokerRegistry();
    await loadPlugins(['@silvertine/config/testing'], registry, { baseDir: fixtures });
    expect(registry.types()).toEqual(['test', 'unreachable']);
    await expect(importPlugin('@silvertine/core', fixtures)).rejects.toThrow('plugin @silvertine/core does not export a plugin manifest');
  });

  it('fails with "install <name>" when the package is not installed', async () => {
    const error = await failure(importPlugin('@acme/silvertine-kraken', fixtures));
    expect(error.message).toBe('plugin @acme/silvertine-kraken is not installed: install @acme/silvertine-kraken (npm install @acme/silvertine-kraken)');
  });

  it('names a missing plugin file', async () => {
    const error = await failure(importPlugin('./plugins/nope.js', fixtures));
    expect(error.message).toBe(`plugin ./plugins/nope.js not found (looked for ${path.join(fixtures, 'plugins', 'nope.js')})`);
  });

  it('keeps the error of a plugin that fails to load as the cause', async () => {
    const thrown = await failure(importPlugin('./plugins/throws-on-load.js', fixtures));
    expect(thrown.message).toBe('plugin ./plugins/throws-on-load.js failed to load: native binding not built');
    expect((thrown.cause as Error).message).toBe('native binding not built');
    const missingDependency = await failure(importPlugin('./plugins/missing-dependency.js', fixtures));
    expect(missingDependency.message).toMatch(/^plugin \.\/plugins\/missing-dependency\.js failed to load: Cannot find module 'silvertine-dependency-that-does-not-exist'/);
    expect(missingDependency.cause).toBeDefined();
  });

  it('checks the manifest', async () => {
    await expect(importPlugin('./plugins/no-manifest.js', fixtures)).rejects.toThrow('plugin ./plugins/no-manifest.js does not export a plugin manifest (export const plugin = { name, brokers: [BrokerClass] })');
    await expect(importPlugin('./plugins/bad-manifest.js', fixtures)).rejects.toThrow('plugin ./plugins/bad-manifest.js (bad-manifest): manifest.brokers must be a list of broker classes');
    expect(() => checkManifest('x', { plugin: { brokers: [] } })).toThrow('plugin x: manifest has no name');
    expect(checkManifest('x', { default: { plugin: { name: 'x', brokers: [] } } })).toEqual({ name: 'x', brokers: [] });
  });

  it('refuses an undecorated broker class from a plugin', async () => {
    class Plain {}
    const registry = new BrokerRegistry();
    const importer = async () => ({ plugin: { name: 'plain', brokers: [Plain] } });
    await expect(loadPlugins(['plain'], registry, { baseDir: fixtures, importer })).rejects.toThrow('Plain has no @RegisterBroker(...) decorator (plugin plain)');
  });
});
