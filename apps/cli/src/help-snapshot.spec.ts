import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  asksForHelp,
  commanderVersion,
  fileStamp,
  type HelpSnapshot,
  readCurrentSnapshot,
} from './help-snapshot';

describe('help snapshot', () => {
  it.each([
    [[], true],
    [['--help'], true],
    [['-h'], true],
    [['help'], true],
    [['help', 'feeds'], true],
    [['feeds', 'add', '--help'], true],
    [['verify'], false],
    [['feeds'], false],
    [['export', '--format', 'json'], false],
    [['feeds', 'try', '--', '--help'], false],
  ])('%j asks for help: %s', (args, expected) => {
    expect(asksForHelp(args)).toBe(expected);
  });

  describe('staleness', () => {
    let root: string;
    let snapshotPath: string;
    const write = (sources: Record<string, string>, commander = commanderVersion()): void => {
      const snapshot: HelpSnapshot = {
        version: 1,
        commander,
        program: {
          name: '',
          description: '',
          summary: '',
          aliases: [],
          hidden: false,
          isDefault: false,
          hasAction: false,
          arguments: [],
          options: [],
          commands: [],
        },
        sources,
      };
      writeFileSync(snapshotPath, JSON.stringify(snapshot));
    };

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'help-snapshot-'));
      mkdirSync(join(root, 'apps'));
      writeFileSync(join(root, 'apps/a.js'), 'one');
      snapshotPath = join(root, 'help-snapshot.json');
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('is current while every file it was made from is unchanged', () => {
      write({ 'apps/a.js': fileStamp(join(root, 'apps/a.js'))! });
      expect(readCurrentSnapshot(snapshotPath, root)).toBeDefined();
    });

    it('is stale once a file is written again, removed, or commander changed; or when missing', () => {
      write({ 'apps/a.js': fileStamp(join(root, 'apps/a.js'))! });
      utimesSync(join(root, 'apps/a.js'), new Date(), new Date(Date.now() + 5_000));
      expect(readCurrentSnapshot(snapshotPath, root)).toBeUndefined();

      write({ 'apps/gone.js': '3:1' });
      expect(readCurrentSnapshot(snapshotPath, root)).toBeUndefined();

      write({ 'apps/a.js': fileStamp(join(root, 'apps/a.js'))! }, '0.0.1');
      expect(readCurrentSnapshot(snapshotPath, root)).toBeUndefined();

      expect(readCurrentSnapshot(join(root, 'missing.json'), root)).toBeUndefined();
    });
  });
});
