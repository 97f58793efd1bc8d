// Tests run TypeScript through swc (no type-check here: `npm run typecheck` does that).
// Nest 12 and a few dependencies ship ES modules only, so node_modules/@nestjs and those are
// transformed too.
const { compilerOptions } = require('./tsconfig.json');

const esmOnly = ['@nestjs', 'uuid', 'feed', 'sql-template-tag'];

/** What both projects share: the TypeScript transform and the @app/* aliases. */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
  ),
};

/**
 * Two projects: `unit` (specs beside the code: pure logic, no PostgreSQL, Redis or browser;
 * `npm run test:unit` takes seconds) and `integration` (test/: real databases, Redis, processes,
 * HTTP and Chromium, with the run's own schema and key prefix set up and torn down around it).
 * `npm test` runs both.
 */
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.{spec,e2e-spec}.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 30_000,
};
