// DESIGN.md section 2's dependency rules as lint rules: eslint.config.mjs spreads `boundaries`;
// run alone (`eslint -c scripts/eslint-boundaries.mjs`), this file checks only them, quickly, as
// test/lint/boundaries.spec.ts does.
import tseslint from 'typescript-eslint';

/**
 * DESIGN.md section 2's dependency rules, enforced: what each library may import. Domain libraries
 * stand on the capabilities and otherwise react to each other through events in the log; the
 * exceptions are one-way and named here. Apps import libs; libs never import apps; only tests
 * import @app/testing.
 */
const CAPABILITIES = ['config', 'database', 'event-store', 'runtime', 'outbound', 'auth'];
const MAY_IMPORT = {
  config: [],
  database: ['config', 'migrations'],
  'event-store': ['config', 'database'],
  runtime: ['config', 'database', 'event-store'],
  outbound: ['config'],
  auth: ['config', 'database', 'event-store', 'runtime'],
  timeline: CAPABILITIES,
  // ingest → timeline: the vocabulary, actors with their aliases, places.
  ingest: [...CAPABILITIES, 'timeline'],
  // review → timeline: an approval appends the entry through the timeline's `prepare`;
  // review → ingest: the candidate event contract.
  review: [...CAPABILITIES, 'timeline', 'ingest'],
  // alerts → timeline: pure view and formatting functions.
  alerts: [...CAPABILITIES, 'timeline'],
  seed: ['config', 'database', 'event-store', 'timeline'],
};
const ALIASES = [...Object.keys(MAY_IMPORT), 'migrations', 'testing'];

export const boundaries = Object.entries(MAY_IMPORT).map(([lib, allowed]) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  ignores: ['**/*.spec.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ALIASES.filter((name) => name !== lib && !allowed.includes(name)).map(
              (name) => `@app/${name}`,
            ),
            message: `libs/${lib} may import only ${allowed.map((name) => `@app/${name}`).join(', ') || 'nothing of ours'} (DESIGN.md section 2).`,
          },
          { group: ['**/apps/**'], message: 'Libraries never import apps.' },
          {
            regex: '^(\\.\\./)+(libs/)?[a-z-]+/src(/|$)',
            message: 'Import a library through its public face, @app/<lib>.',
          },
        ],
      },
    ],
  },
}));

export default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries];
