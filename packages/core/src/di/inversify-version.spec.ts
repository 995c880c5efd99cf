import { ConfigurationError } from '../errors/errors';
import { createCoreModule } from './core.module';
import { assertSupportedInversify, installedInversify, isSupportedInversify, SUPPORTED_INVERSIFY_RANGE } from './inversify-version';

describe('the Inversify version check', () => {
  it('accepts 7.11.x and refuses other versions', () => {
    expect(SUPPORTED_INVERSIFY_RANGE).toBe('~7.11.0');
    expect(isSupportedInversify('7.11.0')).toBe(true);
    expect(isSupportedInversify('7.11.9')).toBe(true);
    expect(isSupportedInversify('7.10.4')).toBe(false);
    expect(isSupportedInversify('8.0.0')).toBe(false);
    expect(isSupportedInversify('17.11.0')).toBe(false);
  });

  it('names the version found, where, and what to install', () => {
    const found = { version: '8.0.1', dir: '/app/node_modules/inversify' };
    expect(() => assertSupportedInversify(found)).toThrow(ConfigurationError);
    expect(() => assertSupportedInversify(found)).toThrow(
      '@silvertine/core supports inversify ~7.11.0, but inversify 8.0.1 is installed (/app/node_modules/inversify); install a supported version: npm install inversify@~7.11.0',
    );
  });

  it('finds the workspace\'s Inversify, which is supported, so the core module is created', () => {
    const installed = installedInversify();
    expect(installed?.dir).toMatch(/node_modules[\\/]inversify$/);
    expect(isSupportedInversify(installed!.version)).toBe(true);
    expect(() => createCoreModule()).not.toThrow();
  });
});
