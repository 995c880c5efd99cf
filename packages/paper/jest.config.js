module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'paper',
  rootDir: __dirname,
};
