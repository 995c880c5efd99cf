module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'binance',
  rootDir: __dirname,
};
