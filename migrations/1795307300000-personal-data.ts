import { createCipheriv, randomBytes } from 'node:crypto';

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data out of the log's clear text (DESIGN.md section 8). `personal_data_keys` holds one
 * AES-256-GCM key per subject (a subscription): new SubscriptionCreated events (v2) carry the
 * target and contact sealed under it, and erasing a subscriber deletes the key (crypto-shredding).
 *
 * Events written before (SubscriptionCreated v1) hold them in the clear, and the log is
 * append-only and hash-chained: rewriting them would break every later hash, so they are left as
 * they are and the chain verifies unchanged. Instead this migration seals each v1 event's values
 * into `personal_data_values` under a fresh key of its subject, and SubscriptionCreated v1 is
 * upcast on read to references to those rows: no reader (API, projections, rebuild, exports) sees
 * the plaintext again, and erasure deletes the rows and the key. The bytes of the v1 rows
 * themselves still hold the old values: `personal_data_legacy` records where, so an erasure can
 * say so (see the README's security section).
 *
 * The sealing is written out here rather than imported, as a migration must not change when the
 * code that reads its output does; libs/alerts/src/personal/personal-cipher.ts reads this format.
 */
export class PersonalData1795307300000 implements MigrationInterface {
  name = 'PersonalData1795307300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE personal_data_keys (
      subject_id text PRIMARY KEY,
      key text NOT NULL,
      created_at text NOT NULL
    )`);
    await runner.query(`CREATE TABLE personal_data_values (
      subject_id text NOT NULL,
      field text NOT NULL,
      sealed text NOT NULL,
      PRIMARY KEY (subject_id, field)
    )`);
    await runner.query(`CREATE TABLE personal_data_legacy (
      position bigint PRIMARY KEY,
      subject_id text NOT NULL
    )`);
    await sealLegacyPersonalData(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['personal_data_legacy', 'personal_data_values', 'personal_data_keys']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}

/** Seals the values of every SubscriptionCreated v1 not sealed yet; safe to run again. */
export async function sealLegacyPersonalData(runner: QueryRunner): Promise<number> {
  const postgres = runner.connection.options.type === 'postgres';
  const p = (n: number) => (postgres ? `$${n}` : '?');
  const rows = (await runner.query(
    `SELECT position, data FROM events WHERE type = 'SubscriptionCreated' AND schema_version = 1 ORDER BY position`,
  )) as { position: number | string; data: string | Record<string, unknown> }[];
  const now = new Date().toISOString();
  let sealed = 0;
  for (const row of rows) {
    const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
    const subject = String(data.subscriptionId);
    await runner.query(
      `INSERT INTO personal_data_legacy (position, subject_id) VALUES (${p(1)}, ${p(2)}) ON CONFLICT (position) DO NOTHING`,
      [Number(row.position), subject],
    );
    const known = (await runner.query(
      `SELECT 1 AS one FROM personal_data_values WHERE subject_id = ${p(1)}`,
      [subject],
    )) as unknown[];
    if (known.length > 0) continue;
    const key = randomBytes(32);
    await runner.query(
      `INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES (${p(1)}, ${p(2)}, ${p(3)})
       ON CONFLICT (subject_id) DO NOTHING`,
      [subject, key.toString('base64'), now],
    );
    for (const field of ['target', 'contact']) {
      const value = data[field];
      if (typeof value !== 'string') continue;
      await runner.query(
        `INSERT INTO personal_data_values (subject_id, field, sealed) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
        [subject, field, seal(key, subject, field, value)],
      );
    }
    sealed += 1;
  }
  return sealed;
}

function seal(key: Buffer, subject: string, field: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${subject}/${field}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `aes-256-gcm:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}
