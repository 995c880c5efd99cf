module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  // Emulators and brokers share two cores with the rest of the suite (and with two busy loops under
  // npm run test:load): a safety net above the tests' own (event-recorder's SAFETY_NET_MS), never the
  // thing that decides.
  testTimeout: 120_000,
};
