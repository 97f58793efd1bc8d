import { bulk, inChunks, join, type Sql, sql, type Transaction } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import { Clock } from './clock';

/**
 * Who reads the log after a checkpoint: a projection (run by the Projector, inline) or a processor
 * (code that reacts to the log on its own schedule, such as the alert dispatcher).
 */
export type CheckpointKind = 'projection' | 'processor';

/**
 * The one place a reader of the log keeps its position: one row per name in `checkpoints`, in the
 * same database as the log, so a position moves in the same transaction as the work it covers.
 * `advance` is a compare-and-set (emmett's processor checkpoints): of two transactions that read
 * the same position and try to move it, one moves it and the other learns it lost, so no event is
 * handled twice or skipped.
 */
@Injectable()
export class Checkpoints {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  /** The position `name` has handled the log up to; 0 before its first advance. */
  async read(db: Pick<Sql, 'query'>, name: string): Promise<number> {
    return (await this.readAll(db, [name])).get(name)!;
  }

  /** The positions of several names in one statement (what an append asks for every projection). */
  async readAll(db: Pick<Sql, 'query'>, names: readonly string[]): Promise<Map<string, number>> {
    const positions = new Map(names.map((name) => [name, 0]));
    for (const chunk of inChunks(names)) {
      const rows = await db.query<{ name: string; position: number | string }>(
        sql`SELECT name, position FROM checkpoints WHERE name IN (${join(chunk)})`,
      );
      for (const row of rows) positions.set(row.name, Number(row.position));
    }
    return positions;
  }

  /** The log's head and `name`'s position, in one cheap query (what a poll asks). */
  async lag(db: Pick<Sql, 'query'>, name: string): Promise<{ head: number; position: number }> {
    const [row] = await db.query<{ head: number | string | null; position: number | string | null }>(
      sql`SELECT (SELECT MAX(position) FROM events) AS head,
                 (SELECT position FROM checkpoints WHERE name = ${name}) AS position`,
    );
    return { head: Number(row?.head ?? 0), position: Number(row?.position ?? 0) };
  }

  /**
   * Moves `name` from `from` to `to` inside `tx`, only if it is still at `from`; returns whether it
   * moved. A row that does not exist yet is at 0. Nothing moves backwards.
   */
  advance(tx: Transaction, name: string, kind: CheckpointKind, from: number, to: number): Promise<boolean> {
    return this.advanceAll(tx, [name], kind, from, to);
  }

  /**
   * `advance` for several names that are all at `from`, in one statement: returns whether every
   * one of them moved (a caller that gets false rolls back, so none keeps a partial move).
   */
  async advanceAll(
    tx: Transaction,
    names: readonly string[],
    kind: CheckpointKind,
    from: number,
    to: number,
  ): Promise<boolean> {
    if (to < from) throw new Error(`Checkpoint ${names.join(', ')} cannot move back from ${from} to ${to}`);
    const now = this.clock.now().toISOString();
    let moved = 0;
    for (const chunk of inChunks(names, 4)) {
      const { affected } =
        from === 0
          ? await tx.execute(
              sql`INSERT INTO checkpoints (name, kind, position, updated_at)
                  VALUES ${bulk(chunk.map((name) => [name, kind, to, now]))}
                  ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                  WHERE checkpoints.position = 0`,
            )
          : await tx.execute(
              sql`UPDATE checkpoints SET position = ${to}, updated_at = ${now}
                  WHERE name IN (${join(chunk)}) AND position = ${from}`,
            );
      moved += affected;
    }
    return moved === names.length;
  }

  /** The names of the checkpoints of one kind (to tell which a process does not run). */
  async names(db: Pick<Sql, 'query'>, kind: CheckpointKind): Promise<string[]> {
    const rows = await db.query<{ name: string }>(sql`SELECT name FROM checkpoints WHERE kind = ${kind}`);
    return rows.map((row) => row.name);
  }
}
