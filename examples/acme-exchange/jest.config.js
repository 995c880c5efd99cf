module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'acme-exchange',
  rootDir: __dirname,
};
