module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'binance-emulator',
  rootDir: __dirname,
};
