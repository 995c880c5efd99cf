module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'create-broker',
  rootDir: __dirname,
  collectCoverageFrom: ['lib/**/*.js'],
};
