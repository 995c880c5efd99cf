// Shared Jest preset: swc transforms TypeScript (with legacy decorators and decorator metadata for
// Inversify and class-validator); workspace packages resolve to their sources through tsconfig paths.
const path = require('path');
const { paths } = require('./tsconfig.base.json').compilerOptions;

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', require('./tools/scripts/swc-options.js')],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/?(*.)+(spec|test).ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // A safety net, never the verdict: tests wait on events and barriers, so a healthy test only needs
  // time. Jest's 5 s default failed a healthy child-process test (config's plugin-core-copy) under
  // `npm run test:load` (nice 12 beside busy loops, load average ~40); 60 s only fires when stuck.
  testTimeout: 60_000,
  // CI sets SILVERTINE_COVERAGE=1: V8 coverage works with the swc transform and costs little.
  collectCoverage: Boolean(process.env.SILVERTINE_COVERAGE),
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/**/index.ts'],
  coverageReporters: ['text-summary'],
  coverageDirectory: '<rootDir>/coverage',
};
