// Tests run in UTC so that formatted times do not depend on the machine's zone.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const swcTransform = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...base,
  // d3-color and d3-interpolate, which @grafana/data loads, ship ES modules as .mjs files
  // that the scaffold's transform pattern does not match.
  transform: { ...base.transform, '^.+\\.mjs$': swcTransform },
  testMatch: [...base.testMatch, '<rootDir>/test/**/*.test.{ts,tsx}', '<rootDir>/e2e/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/lib/'],
};
