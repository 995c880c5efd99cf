import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: core depends on nothing of ours; adapters (paper, binance, ib and their emulators'
 * consumers) depend on core only, never on each other; infra (config, monitoring, redis, resilience)
 * depends on core; apps compose anything. Deep imports into another package's src are errors: use
 * the package name and its `exports`.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/dist-bench', '**/node_modules', '**/coverage', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:emulator', onlyDependOnLibsWithTags: ['type:core', 'type:engine'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:core', 'type:infra'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:core'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:adapter', 'type:engine', 'type:infra', 'type:emulator'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['@silvertine/*/src/*', '../../*/src/*'], message: 'import through the package entry point' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
