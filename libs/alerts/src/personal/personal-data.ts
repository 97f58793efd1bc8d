import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database, type Sql, type Transaction } from '@app/database';
import { Clock } from '@app/event-store';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';

import { ERASED, newSubjectKey, openValue, type PersonalValue, sealValue } from './personal-cipher';

/**
 * The keys that make personal data in the log readable, one per subject (a subscription), in an
 * ordinary table: deleting a subject's key erases what the log holds of it without touching the
 * log (crypto-shredding). Keys are never logged, never returned by any route.
 *
 * On SQLite every delete overwrites the freed bytes (`secure_delete`, set on the writer
 * connection at start), and `compact` checkpoints the WAL so no older page image holds them either.
 */
@Injectable()
export class PersonalData implements OnModuleInit {
  private readonly logger = new Logger('Alerts');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.database.kind !== 'sqlite') return;
    // A connection flag: set once on the writer, it holds for every later transaction.
    await this.database.transaction((tx) => tx.execute('PRAGMA secure_delete = ON'));
  }

  /** Seals the given fields under the subject's key, creating the key if it has none. */
  async seal<F extends string>(
    subject: string,
    fields: Record<F, string | null>,
  ): Promise<Record<F, PersonalValue | null>> {
    const key = await this.database.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (subject_id) DO NOTHING`,
        [subject, newSubjectKey(), this.clock.now().toISOString()],
      );
      return (await keyOf(tx, subject))!;
    });
    const sealed = {} as Record<F, PersonalValue | null>;
    for (const field of Object.keys(fields) as F[]) {
      const value = fields[field];
      sealed[field] = value === null ? null : { sealed: sealValue(key, subject, field, value) };
    }
    return sealed;
  }

  /** The plaintext of one field; ERASED once the subject's key is gone. */
  async open(sql: Sql | Transaction, subject: string, field: string, value: PersonalValue | null) {
    if (value === null || value === undefined) return null;
    const key = await keyOf(sql, subject);
    if (key === undefined) return ERASED;
    let sealed: string | undefined;
    if ('sealed' in value) sealed = value.sealed;
    else {
      const [row] = await sql.query<{ sealed: string }>(
        'SELECT sealed FROM personal_data_values WHERE subject_id = $1 AND field = $2',
        [subject, value.ref],
      );
      sealed = row?.sealed;
    }
    return (sealed !== undefined && openValue(key, subject, field, sealed)) || ERASED;
  }

  /** Deletes the subject's key and moved values, in the caller's transaction. */
  async forget(tx: Transaction, subject: string): Promise<void> {
    if (tx.kind === 'sqlite') await tx.execute('PRAGMA secure_delete = ON');
    await tx.execute('DELETE FROM personal_data_values WHERE subject_id = $1', [subject]);
    await tx.execute('DELETE FROM personal_data_keys WHERE subject_id = $1', [subject]);
  }

  /** Drops a key made for a subscription that never got into the log. */
  discard(subject: string): Promise<void> {
    return this.database.transaction((tx) => this.forget(tx, subject));
  }

  /** Positions of events written in the clear before encryption, whose bytes still name the subject. */
  async legacyPositions(subject: string): Promise<number[]> {
    const rows = await this.database.query<{ position: number | string }>(
      'SELECT position FROM personal_data_legacy WHERE subject_id = $1 ORDER BY position',
      [subject],
    );
    return rows.map((row) => Number(row.position));
  }

  /**
   * SQLite keeps older page images in its WAL until a checkpoint: after an erasure, copy them into
   * the file (whose freed bytes secure_delete has zeroed) and truncate the WAL. A connection of its
   * own, so no transaction of this process is in the way; a reader still busy makes it try again.
   */
  async compact(): Promise<void> {
    if (this.config.database.kind !== 'sqlite') return;
    const db = new BetterSqlite3(this.config.database.path, { timeout: 5_000 });
    try {
      db.pragma('secure_delete = ON');
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        if (result?.busy === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      this.logger.warn(
        'The WAL could not be checkpointed after an erasure (a reader is busy); it will be later',
      );
    } finally {
      db.close();
    }
  }
}

async function keyOf(sql: Sql | Transaction, subject: string): Promise<string | undefined> {
  const [row] = await sql.query<{ key: string }>('SELECT key FROM personal_data_keys WHERE subject_id = $1', [
    subject,
  ]);
  return row?.key;
}
