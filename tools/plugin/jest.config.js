module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'plugin',
  rootDir: __dirname,
  // generating, compiling and testing a whole package takes a while on a loaded 2-core machine
  testTimeout: 120_000,
};
