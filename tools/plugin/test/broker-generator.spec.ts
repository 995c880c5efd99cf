import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree, flushChanges } from 'nx/src/generators/tree';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const brokerGenerator = require('../src/generators/broker/generator.js') as (tree: FsTree, options: { name: string }) => Promise<void>;

const repoRoot = join(__dirname, '..', '..', '..');

/** A throwaway workspace sharing this repository's node_modules and core sources. */
function temporaryWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'silvertine-generator-'));
  copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  copyFileSync(join(repoRoot, 'jest.preset.js'), join(root, 'jest.preset.js'));
  mkdirSync(join(root, 'tools', 'scripts'), { recursive: true });
  copyFileSync(join(repoRoot, 'tools', 'scripts', 'swc-options.js'), join(root, 'tools', 'scripts', 'swc-options.js'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'packages'));
  symlinkSync(join(repoRoot, 'packages', 'core'), join(root, 'packages', 'core'), 'dir');
  return root;
}

describe('broker generator', () => {
  let root: string;

  beforeAll(() => {
    root = temporaryWorkspace();
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('scaffolds a package in the standard adapter shape and maps its path', async () => {
    const tree = new FsTree(root, false);
    await brokerGenerator(tree, { name: 'acme-exchange' });
    flushChanges(root, tree.listChanges());
    const pkg = join(root, 'packages', 'acme-exchange');
    for (const file of ['src/acme-exchange.plugin.ts', 'src/acme-exchange.config.ts', 'src/acme-exchange.broker.ts', 'src/connection/acme-exchange.client.ts', 'src/mapping/acme-exchange.mapping.ts', 'test/fixtures/SOURCES.md', 'test/acme-exchange.contract.spec.ts']) {
      expect(existsSync(join(pkg, file))).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@silvertine/acme-exchange', peerDependencies: { '@silvertine/core': '^0.1.0' } });
    expect(readFileSync(join(pkg, 'src/acme-exchange.broker.ts'), 'utf8')).toContain("type: 'acme-exchange'");
    const paths = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
    expect(paths['@silvertine/acme-exchange']).toEqual(['./packages/acme-exchange/src/index.ts']);
  });

  it('refuses a name that is not kebab-case or already exists', async () => {
    const tree = new FsTree(root, false);
    await expect(brokerGenerator(tree, { name: 'Acme Exchange' })).rejects.toThrow(/kebab-case/);
    await expect(brokerGenerator(tree, { name: 'acme-exchange' })).rejects.toThrow(/already exists/);
  });

  it('builds and passes its tests (the core contract suite) right after generation', () => {
    const pkg = join(root, 'packages', 'acme-exchange');
    const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
    execFileSync(bin('tsc'), ['-p', 'tsconfig.lib.json'], { cwd: pkg, stdio: 'pipe' });
    expect(existsSync(join(pkg, 'dist', 'index.js'))).toBe(true);
    // The report goes to a file: stdout may also carry coverage summaries when CI asks for them.
    const reportFile = join(root, 'jest-report.json');
    const env = { ...process.env };
    delete env.SILVERTINE_COVERAGE;
    execFileSync(bin('jest'), ['--ci', '--json', `--outputFile=${reportFile}`], { cwd: pkg, stdio: ['ignore', 'pipe', 'pipe'], env });
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.success).toBe(true);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThanOrEqual(10);
  });
});
