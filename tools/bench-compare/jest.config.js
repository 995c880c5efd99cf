module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bench-compare',
  rootDir: __dirname,
};
