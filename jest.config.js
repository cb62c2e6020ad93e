/** Jest: @swc/jest transpiles (no type-check here; `tsc --noEmit` runs first in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 120000,
  globalSetup: '<rootDir>/__tests__/global-setup.js',
};
