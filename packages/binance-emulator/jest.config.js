const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'binance-emulator',
  rootDir: __dirname,
  // Integration tests talk over real sockets and wait on events; a safety net for a loaded two-core box
  // (npm run test:load), never what decides.
  testTimeout: 60_000,
  // The fidelity test loads ccxt, whose CommonJS build requires the ESM-only @noble/* and @scure/* packages
  // (Node ≥20.19 loads them with require(esm), Jest's module runtime does not): swc turns them into CommonJS.
  transform: {
    ...preset.transform,
    '^.+/node_modules/(@noble|@scure)/.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure)/)'],
};
