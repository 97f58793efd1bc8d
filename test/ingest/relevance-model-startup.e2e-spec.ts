import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, runCli, testConfig } from '../support';

/**
 * A relevance model file that is missing or corrupt stops the process at start with one line that
 * names it (RELEVANCE_MODEL_FILE), never a stack trace; with the shipped file `feeds try` scores and
 * prints the verdict and the model version.
 */
describe('the relevance model file at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relevance-model-'));
  const { env } = testConfig('sqlite');

  it.each([
    ['corrupt', 'corrupt.json', '{"format": "relevance-model/1", "settings": ', /not JSON/],
    [
      'of the wrong shape',
      'shape.json',
      '{"format": "relevance-model/1", "settings": {}}',
      /description|settings/,
    ],
    ['missing', 'missing.json', null, /no such file/],
  ])('refuses to start when the file is %s, naming it', async (_what, name, content, why) => {
    const path = join(dir, name);
    if (content !== null) writeFileSync(path, content);
    const result = await runCli(['feeds', 'list'], { ...env, RELEVANCE_MODEL_FILE: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`RELEVANCE_MODEL_FILE: Relevance model file ${path}`);
    expect(result.stderr).toMatch(why);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the shipped model when none is configured, and feeds try shows the verdict and model', async () => {
    const feed = join(REPO_ROOT, 'test/fixtures/ingest/central-asia-wire.xml');
    const result = await runCli(['feeds', 'try', feed, '--json'], env);
    expect(result.code).toBe(0);
    const items = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { relevance: string; modelVersion: string });
    expect(items.map((i) => i.relevance)).toContain('relevant');
    for (const item of items) expect(item.modelVersion).toMatch(/^nb-[0-9a-f]{10}$/);
  });
});
