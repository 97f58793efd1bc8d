import { createHash } from 'node:crypto';

import type { Database } from '@app/database';
import { type EntryCommand, TimelineModule, TimelineService } from '@app/timeline';

import { openBench, removeBench, round, timed } from './bench-context';
import { RawSqliteLog, RawSqliteTimeline } from './raw-sqlite';
import { generateEntry, mulberry32, pick, vocabulary } from './timeline.bench';

const BATCH = 500;
const SINGLE = 300;

/**
 * Issue 13's write figures. Single entries through the real write path (validate, decide, append,
 * the timeline projection inline), one append each, beside raw single appends under the same
 * `synchronous`; and `rebuild timeline` at `entries` entries beside the raw replay of the log and
 * the same rows written raw, with the rebuilt read model checked equal to the incremental one.
 */
export async function benchTimelineWrites(options: { entries: number; synchronous: 'FULL' | 'NORMAL' }) {
  const random = mulberry32(20261204);
  const words = vocabulary();
  const actor = () => ({ actor: pick(random, words.reviewers) });

  // Single entries, one append each, on a fresh database.
  const single = await openBench('timeline-single', {
    synchronous: options.synchronous,
    features: [TimelineModule],
  });
  const commands = Array.from({ length: SINGLE }, () => generateEntry(random, words));
  const timeline = single.app.get(TimelineService);
  const product = await timed(async () => {
    for (const command of commands) await timeline.execute(command, actor());
  });
  const sqlite = single.kind === 'sqlite';
  await single.app.close();
  const rawTarget = sqlite
    ? await openBench('timeline-single-raw', { synchronous: options.synchronous })
    : undefined;
  await rawTarget?.app.close();
  const rawLog = rawTarget ? new RawSqliteLog(rawTarget.path, options.synchronous) : undefined;
  const raw = await timed(() => {
    commands.forEach((command, i) =>
      rawLog?.append(`entry-${command.entryId}`, [
        { eventId: `raw-${i}`, type: 'EntryAdded', data: { ...command.fields, sources: command.sources } },
      ]),
    );
  });
  rawLog?.close();
  if (sqlite) removeBench(single);
  if (rawTarget) removeBench(rawTarget);

  // A timeline of `entries` entries in appends of 500, then 0.2% of them amended or retracted.
  const ctx = await openBench('timeline-rebuild', { synchronous: 'NORMAL', features: [TimelineModule] });
  const service = ctx.app.get(TimelineService);
  const ids: string[] = [];
  const fill = await timed(async () => {
    for (let b = 0; b * BATCH < options.entries; b += 1) {
      const requests = [];
      for (let i = 0; i < Math.min(BATCH, options.entries - b * BATCH); i += 1) {
        const command = generateEntry(random, words);
        ids.push(command.entryId);
        requests.push(await service.prepare(command, actor()));
      }
      await ctx.events.appendToStreams(requests);
    }
    const changed = ids.filter((_, i) => i % 500 === 7);
    const requests = [];
    for (const [i, entryId] of changed.entries()) {
      const command: EntryCommand =
        i % 2 === 0
          ? { kind: 'amend', entryId, changes: { title: `Amended title ${i}` }, reason: 'Corrected' }
          : { kind: 'retract', entryId, reason: 'Duplicate of an earlier entry' };
      requests.push(await service.prepare(command, actor()));
    }
    if (requests.length > 0) await ctx.events.appendToStreams(requests);
  });

  const before = await readModelDigest(ctx.database);
  const cpu = process.cpuUsage();
  const rebuild = await timed(() => ctx.projector.rebuild(['timeline']));
  const used = process.cpuUsage(cpu);
  const after = await readModelDigest(ctx.database);
  const differ = Object.keys(before).filter((table) => before[table] !== after[table]);
  if (differ.length > 0) throw new Error(`rebuild timeline changed ${differ.join(', ')}`);
  await ctx.app.close();

  const twin = sqlite ? new RawSqliteTimeline(ctx.path) : undefined;
  const replay = await timed(() => twin?.replay());
  const rewrite = twin?.rewrite();
  twin?.close();
  if (sqlite) removeBench(ctx);
  const ifRaw = (value: number) => (sqlite ? value : null);
  const events = rebuild.result[0]!.events;

  return {
    singleEntry: {
      sqliteSynchronous: sqlite ? options.synchronous : null,
      entries: SINGLE,
      perSecond: round(SINGLE / (product.ms / 1000), 0),
      rawSingleAppendsPerSecond: ifRaw(round(SINGLE / (raw.ms / 1000), 0)),
      overhead: ifRaw(round(product.ms / raw.ms, 2)),
    },
    rebuildTimeline: {
      entries: options.entries,
      events,
      fillSeconds: round(fill.ms / 1000, 1),
      seconds: round(rebuild.ms / 1000, 2),
      cpuSeconds: round((used.user + used.system) / 1e6, 2),
      msPerEvent: round(rebuild.ms / events, 3),
      rawReplaySeconds: ifRaw(round(replay.ms / 1000, 2)),
      rawWriteSameRowsSeconds: rewrite ? round(rewrite.ms / 1000, 2) : null,
      rawWriteSameRowsCpuSeconds: rewrite ? round(rewrite.cpuMs / 1000, 2) : null,
      overheadOverRawWrite: rewrite ? round(rebuild.ms / rewrite.ms, 2) : null,
      cpuOverheadOverRawWrite: rewrite ? round((used.user + used.system) / 1000 / rewrite.cpuMs, 2) : null,
      readModelUnchanged: true,
    },
  };
}

/** A digest of every row of the timeline's tables, in key order, as the product reads them. */
async function readModelDigest(database: Database): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    timeline_entries: 'id',
    timeline_entry_tags: 'kind, value, entry_id',
    timeline_entry_versions: 'id, version',
    timeline_entry_version_tags: 'kind, value, entry_id, version',
  };
  const digests: Record<string, string> = {};
  for (const [table, key] of Object.entries(tables)) {
    const rows = await database.query(`SELECT * FROM ${table} ORDER BY ${key}`);
    const hash = createHash('sha256');
    for (const row of rows) hash.update(JSON.stringify(row));
    digests[table] = `${rows.length}:${hash.digest('hex')}`;
  }
  return digests;
}
