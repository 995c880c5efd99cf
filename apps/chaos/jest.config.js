module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  // Scenarios run real sockets and child processes: give a loaded CI machine room.
  testTimeout: 60_000,
};
