module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'shadow',
  rootDir: __dirname,
};
