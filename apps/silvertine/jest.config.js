module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'silvertine',
  rootDir: __dirname,
};
