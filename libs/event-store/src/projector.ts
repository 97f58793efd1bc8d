import { Database, join, sql, type Transaction } from '@app/database';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { Checkpoints } from './checkpoints';
import type { StoredEvent } from './event';
import { readHead, readRawEvents } from './event-rows';
import { InlineProjection, type Projection } from './projection';
import { UpcasterRegistry } from './upcaster-registry';

const REPLAY_BATCH = 5_000;
/** SQLite's page cache during a rebuild (see enlargeCache): 256 MB, freed after it. */
const REBUILD_CACHE_KIB = 256 * 1024;

export interface RebuildReport {
  name: string;
  events: number;
  position: number;
  milliseconds: number;
}

/**
 * Keeps projections at the head of the log. Inline projections advance inside each append
 * transaction; a projection whose checkpoint fell behind (new code, or a process that did not know
 * it) first catches up from its checkpoint, so none ever skips an event.
 */
@Injectable()
export class Projector implements OnModuleInit {
  private readonly logger = new Logger('Projector');
  private inline: Projection[] = [];

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(UpcasterRegistry) private readonly upcasters: UpcasterRegistry,
    @Inject(Checkpoints) private readonly checkpoints: Checkpoints,
  ) {}

  onModuleInit(): void {
    const found = this.discovery
      .getProviders({ metadataKey: InlineProjection.KEY })
      .map((wrapper) => wrapper.instance as Projection);
    const names = new Set<string>();
    for (const projection of found) {
      if (names.has(projection.name)) throw new Error(`Two projections named ${projection.name}`);
      names.add(projection.name);
    }
    // A fixed order, so rebuilds and reports read the same on every run.
    this.inline = found.sort((a, b) => a.name.localeCompare(b.name));
  }

  get projections(): readonly Projection[] {
    return this.inline;
  }

  /**
   * Called by the event store inside the append transaction, after the events are inserted. Every
   * projection's checkpoint is read in one statement, and those that moved together (all from the
   * same position, as they usually are) advance in one.
   */
  async applyInline(tx: Transaction, appended: readonly StoredEvent[]): Promise<void> {
    if (appended.length === 0) return;
    const first = appended[0]!.position;
    const last = appended[appended.length - 1]!.position;
    const checkpoints = await this.checkpoints.readAll(
      tx,
      this.inline.map((projection) => projection.name),
    );
    const movedFrom = new Map<number, string[]>();
    for (const projection of this.inline) {
      const checkpoint = checkpoints.get(projection.name)!;
      if (checkpoint >= last) continue;
      if (checkpoint < first - 1) await this.replay(tx, projection, checkpoint, first - 1);
      await this.applyAll(
        tx,
        projection,
        appended.filter((event) => event.position > checkpoint),
      );
      movedFrom.set(checkpoint, [...(movedFrom.get(checkpoint) ?? []), projection.name]);
    }
    for (const [from, names] of movedFrom) await this.advance(tx, names, from, last);
  }

  /** Brings every inline projection up to the head; run at start. */
  async catchUp(): Promise<void> {
    await this.warnOfUnknownProjections();
    for (const projection of this.inline) {
      await this.database.transaction(async (tx) => {
        await tx.lockLog();
        const head = (await readHead(tx))?.position ?? 0;
        const checkpoint = await this.checkpoints.read(tx, projection.name);
        if (checkpoint >= head) return;
        const events = await this.replay(tx, projection, checkpoint, head);
        await this.advance(tx, [projection.name], checkpoint, head);
        if (events >= REPLAY_BATCH) await this.analyze(tx, projection);
      });
    }
  }

  /**
   * Empties the named projections (all when none are named) and replays the whole log into them,
   * each in one transaction: readers see the old model until the new one is complete.
   */
  async rebuild(names?: readonly string[]): Promise<RebuildReport[]> {
    const unknown = (names ?? []).filter((name) => !this.inline.some((p) => p.name === name));
    if (unknown.length > 0) throw new Error(`Unknown projection: ${unknown.join(', ')}`);
    const chosen = names ? this.inline.filter((p) => names.includes(p.name)) : this.inline;
    const reports: RebuildReport[] = [];
    for (const projection of chosen) {
      const started = performance.now();
      let cacheSize: number | undefined;
      try {
        reports.push(
          await this.database.transaction(async (tx) => {
            await tx.lockLog();
            cacheSize = await this.enlargeCache(tx);
            for (const table of projection.tables) await tx.execute(`DELETE FROM ${table}`);
            await projection.reset?.(tx);
            const head = (await readHead(tx))?.position ?? 0;
            const checkpoint = await this.checkpoints.read(tx, projection.name);
            const indexes = await this.dropIndexesForReplay(tx, projection);
            const events = await this.replay(tx, projection, 0, head);
            for (const index of indexes) await tx.execute(index);
            await this.advance(tx, [projection.name], checkpoint, head);
            await this.analyze(tx, projection);
            return { name: projection.name, events, position: head, milliseconds: 0 };
          }),
        );
      } finally {
        if (cacheSize !== undefined) await this.database.execute(`PRAGMA cache_size = ${cacheSize}`);
      }
      reports[reports.length - 1]!.milliseconds = Math.round(performance.now() - started);
    }
    return reports;
  }

  /**
   * SQLite's page cache, 2 MB by default, raised to REBUILD_CACHE_KIB for a rebuild: its inserts land
   * all over the primary key indexes of whole tables, and at 100,000 timeline entries those no longer
   * fit, so each insert read its page back from the OS. Returns the size to restore.
   */
  private async enlargeCache(tx: Transaction): Promise<number | undefined> {
    if (tx.kind !== 'sqlite') return undefined;
    const [{ cache_size: size }] = (await tx.query<{ cache_size: number }>('PRAGMA cache_size')) as [
      { cache_size: number },
    ];
    await tx.execute(`PRAGMA cache_size = -${REBUILD_CACHE_KIB}`);
    return size;
  }

  /**
   * The secondary indexes of the projection's tables (SQLite; not those of primary keys and unique
   * constraints, which have no `sql`), dropped when its writes do not need them: building an index
   * at once is cheaper than inserting into it row by row. Returns the statements that recreate them.
   * Not on PostgreSQL, where DROP INDEX would lock readers out of the old model until the commit.
   */
  private async dropIndexesForReplay(tx: Transaction, projection: Projection): Promise<string[]> {
    if (tx.kind !== 'sqlite' || !projection.writesByPrimaryKey) return [];
    const indexes = await tx.query<{ name: string; sql: string }>(
      sql`SELECT name, sql FROM sqlite_master
          WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${join(projection.tables)}) ORDER BY name`,
    );
    for (const { name } of indexes) await tx.execute(`DROP INDEX "${name}"`);
    return indexes.map((index) => index.sql);
  }

  /**
   * A process that appends without running every projection leaves the others behind until some
   * process that runs them appends too: their readers would see stale data meanwhile. Each app
   * imports every module that owns a projection; this says so loudly when one does not.
   */
  private async warnOfUnknownProjections(): Promise<void> {
    const names = await this.checkpoints.names(this.database, 'projection');
    const unknown = names.filter((name) => !this.inline.some((p) => p.name === name));
    if (unknown.length > 0) {
      this.logger.warn(
        `This process does not run the projection(s) ${unknown.join(', ')}: what it appends reaches them late`,
      );
    }
  }

  /** Applies the events in (after, upTo] in order; returns how many the projection read. */
  private async replay(
    tx: Transaction,
    projection: Projection,
    after: number,
    upTo: number,
  ): Promise<number> {
    let applied = 0;
    for (let position = after; position < upTo;) {
      const batch = await readRawEvents(tx, position, Math.min(REPLAY_BATCH, upTo - position));
      if (batch.length === 0) break;
      applied += await this.applyAll(tx, projection, batch);
      position = batch[batch.length - 1]!.position;
    }
    return applied;
  }

  /** Applies events in log order, all at once to a projection that takes batches; returns how many it read. */
  private async applyAll(
    tx: Transaction,
    projection: Projection,
    events: readonly StoredEvent[],
  ): Promise<number> {
    if (!projection.applyBatch) {
      let applied = 0;
      for (const event of events) if (await this.applyOne(tx, projection, event)) applied += 1;
      return applied;
    }
    const read = events
      .filter((event) => !projection.eventTypes || projection.eventTypes.includes(event.type))
      .map((event) => this.upcasters.upcast(event));
    if (read.length > 0) await projection.applyBatch(read, tx);
    return read.length;
  }

  private async applyOne(tx: Transaction, projection: Projection, event: StoredEvent): Promise<boolean> {
    if (projection.eventTypes && !projection.eventTypes.includes(event.type)) return false;
    await projection.apply(this.upcasters.upcast(event), tx);
    return true;
  }

  /**
   * After a projection's tables were rewritten, PostgreSQL's planner still holds the statistics of
   * the old rows (or none) until autovacuum gets there, if it runs at all: a planner guessing blind
   * picks plans for empty tables. ANALYZE in the same transaction, so the new rows and their
   * statistics are seen together. SQLite's plans are chosen by the statements themselves.
   */
  private async analyze(tx: Transaction, projection: Projection): Promise<void> {
    if (tx.kind !== 'postgres') return;
    for (const table of [...projection.tables, ...(projection.postgresTables ?? [])]) {
      await tx.execute(`ANALYZE ${table}`);
    }
  }

  /** Every move happens under the log's write lock: a checkpoint that moved meanwhile is a bug, so roll back. */
  private async advance(tx: Transaction, names: readonly string[], from: number, to: number): Promise<void> {
    if (!(await this.checkpoints.advanceAll(tx, names, 'projection', from, to))) {
      throw new Error(
        `The checkpoint of projection ${names.join(', ')} moved from ${from} during its own transaction`,
      );
    }
  }
}
