module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'binance-emulator',
  rootDir: __dirname,
  // Integration tests talk over real sockets; on a loaded two-core CI box 5 s is too tight.
  testTimeout: 20000,
};
