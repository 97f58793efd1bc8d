import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../support';

// The lint configuration enforces DESIGN.md section 2's dependency rules: a deliberately wrong
// import fails, and a permitted one passes. ESLint runs with the rules `npm run lint` spreads
// (scripts/eslint-boundaries.mjs) but without the type-aware rules, so each check takes a second.
jest.setTimeout(60_000);

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Lints a real file of the repo with `extra` appended, as if it were saved so. */
function lintWith(file: string, extra: string): Promise<LintMessage[]> {
  const text = `${readFileSync(join(REPO_ROOT, file), 'utf8')}\n${extra}\n`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      join(REPO_ROOT, 'node_modules/.bin/eslint'),
      ['--config', 'scripts/eslint-boundaries.mjs', '--format', 'json', '--stdin', '--stdin-filename', file],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (stdout.trim() === '') return reject(error ?? new Error(stderr));
        const [result] = JSON.parse(stdout) as [{ messages: LintMessage[] }];
        resolve(result.messages);
      },
    );
    child.stdin!.end(text);
  });
}

const boundaryErrors = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);

describe('dependency rules (lint)', () => {
  it('refuses a domain library importing another one beside the allowed exceptions', async () => {
    const messages = await lintWith(
      'libs/timeline/src/timeline.service.ts',
      "export type { CandidateView } from '@app/review';",
    );
    expect(boundaryErrors(messages)).toEqual([
      expect.stringMatching(/libs\/timeline may import only @app\/config/),
    ]);
  });

  it('refuses a library importing an app, or another library by its files', async () => {
    const messages = await lintWith(
      'libs/alerts/src/subscription.service.ts',
      [
        "export type { ApiModule } from '../../../apps/api/src/api.module';",
        "export type { TimelineEntry } from '../../timeline/src/timeline-entry';",
      ].join('\n'),
    );
    expect(boundaryErrors(messages)).toEqual([
      expect.stringMatching(/Libraries never import apps/),
      expect.stringMatching(/through its public face/),
    ]);
  });

  it('lets an allowed one-way exception through (review → timeline)', async () => {
    const messages = await lintWith(
      'libs/review/src/review.service.ts',
      "export type { TimelineEntry as Entry } from '@app/timeline';",
    );
    expect(boundaryErrors(messages)).toEqual([]);
  });
});
