module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tws-emulator',
  rootDir: __dirname,
  // A safety net, never what decides: socket tests share the process with their emulator, and the
  // process may get a fraction of the CPU (npm run test:load). Tests wait on events and barriers.
  testTimeout: 60_000,
};
