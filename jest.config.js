/** Tests are TypeScript compiled by swc (type checking is `tsc --build`'s job). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  // *.live.test.ts measure live timing on the machine: `npm run test:live`, not the default suite.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/bench/', '\\.live\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript', decorators: true }, transform: { decoratorVersion: '2022-03' } } }],
  },
  // Child-process tests start real apps and real backends: give them room, run two at a time.
  testTimeout: 120000,
  maxWorkers: 2,
};
