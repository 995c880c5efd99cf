module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tws-emulator',
  rootDir: __dirname,
};
