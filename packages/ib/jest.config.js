module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ib',
  rootDir: __dirname,
};
