const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'binance-emulator',
  rootDir: __dirname,
  // Integration tests talk over real sockets; on a loaded two-core CI box 5 s is too tight.
  testTimeout: 20000,
  // The fidelity test loads ccxt, whose CommonJS build requires the ESM-only @noble/* and @scure/* packages
  // (Node ≥20.19 loads them with require(esm), Jest's module runtime does not): swc turns them into CommonJS.
  transform: {
    ...preset.transform,
    '^.+/node_modules/(@noble|@scure)/.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure)/)'],
};
