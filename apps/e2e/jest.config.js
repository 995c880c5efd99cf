module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  // Emulators and brokers share two cores with the rest of the suite: give socket-heavy tests room.
  testTimeout: 30_000,
};
