/**
 * One Jest run over every workspace, so `npm test` prints one summary. Tests that touch data run on MySQL when one
 * answers (required when ACCORDS_TEST_DB=mysql, as CI sets it) and on the embedded sql.js engine otherwise.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }] },
  testTimeout: 60_000,
  // Development mode and a fixed instant for every test file (see the file).
  setupFiles: ['<rootDir>/tests/setup/env.js'],
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tests/reporters/closing-line.js'],
};
