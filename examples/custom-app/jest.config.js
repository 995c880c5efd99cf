module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'custom-app',
  rootDir: __dirname,
};
