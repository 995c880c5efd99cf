import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { scaffold, names, SILVERTINE_VERSION } = require('../lib/scaffold.js') as typeof import('../lib/scaffold.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render } = require('../lib/templates.js') as typeof import('../lib/templates.js');

const bin = join(__dirname, '..', 'bin', 'create-broker.js');

describe('create-broker', () => {
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'silvertine-create-broker-'));
  });

  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('scaffolds a standalone package: the generator\'s code and tests plus its own build and test setup', () => {
    const { directory, packageName, files } = scaffold({ name: 'acme-venue', scope: '@acme', directory: join(work, 'acme-venue') });
    expect(packageName).toBe('@acme/acme-venue');
    expect(files).toEqual([
      '.gitignore', 'README.md', 'jest.config.js', 'package.json', 'silvertine.yaml',
      'src/acme-venue.broker.ts', 'src/acme-venue.config.ts', 'src/acme-venue.plugin.ts', 'src/connection/acme-venue.client.ts', 'src/index.ts',
      'src/mapping/acme-venue.mapping.spec.ts', 'src/mapping/acme-venue.mapping.ts', 'src/reconciliation/acme-venue.venue-state.ts',
      'test/acme-venue.contract.spec.ts', 'test/fixtures/SOURCES.md', 'test/fixtures/execution.json',
      'tsconfig.build.json', 'tsconfig.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@acme/acme-venue',
      scripts: { build: 'tsc -p tsconfig.build.json', test: 'jest', prepack: 'npm run build' },
      peerDependencies: { '@silvertine/core': `^${SILVERTINE_VERSION}` },
      devDependencies: { '@silvertine/core': `^${SILVERTINE_VERSION}`, typescript: '5.9.3', jest: '30.5.2' },
    });
    expect(manifest.dependencies).toBeUndefined(); // core comes from the app: no second copy by default
    const broker = readFileSync(join(directory, 'src/acme-venue.broker.ts'), 'utf8');
    expect(broker).toContain("@RegisterBroker({ type: 'acme-venue'");
    expect(broker).toContain('export class AcmeVenueBroker extends AbstractBroker<AcmeVenueConfig>');
    expect(readFileSync(join(directory, 'silvertine.yaml'), 'utf8')).toContain('  - @acme/acme-venue\n');
    for (const file of files) expect(readFileSync(join(directory, file), 'utf8')).not.toMatch(/<%|__(fileName|template)__/);
  });

  it('derives the names the Nx generator derives', () => {
    expect(names('acme-venue-2')).toEqual({ name: 'acme-venue-2', fileName: 'acme-venue-2', className: 'AcmeVenue2', propertyName: 'acmeVenue2' });
  });

  it('refuses a bad name or scope, a non-empty directory and unknown template tags', () => {
    expect(() => scaffold({ name: 'Acme Venue', directory: join(work, 'x') })).toThrow('name must be kebab-case ([a-z][a-z0-9-]*), got "Acme Venue"');
    expect(() => scaffold({ name: 'acme', scope: 'acme', directory: join(work, 'x') })).toThrow('scope must look like @my-org, got "acme"');
    mkdirSync(join(work, 'taken'));
    writeFileSync(join(work, 'taken', 'file'), '');
    expect(() => scaffold({ name: 'acme', directory: join(work, 'taken') })).toThrow(/already exists and is not empty/);
    expect(() => render('<% if (x) { %>', {}, 'f')).toThrow('f: unsupported template tag <% if (x) { %>');
    expect(() => render('<%= nope %>', {}, 'f')).toThrow('f: unsupported template tag <%= nope %>');
  });

  it('runs as npm init @silvertine/broker would: in the working directory, with a usage on mistakes', () => {
    const out = execFileSync(process.execPath, [bin, 'kraken-like'], { cwd: work, encoding: 'utf8' });
    expect(out).toBe('created kraken-like in kraken-like (18 files)\nnext: cd kraken-like && npm install && npm run build && npm test\n');
    const missing = spawnSync(process.execPath, [bin], { cwd: work, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('create-broker: a name is required\nusage: npm init @silvertine/broker <name>');
  });
});
