import { join, type Sql, sql, type Statement } from '@app/database';
import { Injectable } from '@nestjs/common';

import { EventLoopSlices } from '../polling/event-loop-slices';
import type { KeyMatch } from './dedupe-decision';
import type { ItemKey } from './dedupe-keys';
import type { IndexedTitle } from './title-index';
import { DEDUPE_WINDOW_DAYS, NEAR_DUPLICATE_THRESHOLD, prefixTokens } from './title-fingerprint';

const WINDOW_MS = DEDUPE_WINDOW_DAYS * 86_400_000;
/** Parameters per statement stay well below SQLite's and PostgreSQL's limits. */
const CHUNK = 400;

type KeyRow = { kind: 'guid' | 'link'; value: string; candidate_id: string; rejected: number | string };
type TitleRow = {
  title_id: string;
  candidate_id: string;
  tokens: string;
  published_at: string;
  rejected: number | string;
  listed: number | string;
};

/** What dedupe asks about one item: its keys, and its title's tokens and publication time. */
export interface DedupeQuery {
  keys: readonly ItemKey[];
  tokens: readonly string[];
  /** Publication time, ms since the epoch. */
  at: number;
}

/** What the log knows of a batch's items, read in a few statements for the whole batch. */
export interface DedupeSnapshot {
  /** Per query, in order: the candidate holding one of its keys (a GUID match wins over a link). */
  keyMatches: (KeyMatch | undefined)[];
  /** Titles that may be near-duplicates of the other queries' titles (sharing a prefix token, in the window). */
  titles: IndexedTitle[];
  /** How many corroborations the candidates of those titles list already. */
  listed: Map<string, number>;
}

/**
 * Read-only lookups in the dedupe projection's tables, for a whole feed's items at once, through
 * the `Sql` given (the poll's transaction, which holds the log's write lock): which candidates hold
 * their keys, and which titles may be near-duplicates within DEDUPE_WINDOW_DAYS. Only prefix tokens
 * are probed (exact: see prefixTokens); queries with the same probe share one window, and every
 * probe of a chunk goes in one statement, so the cost is a few statements per poll, not one per item.
 */
@Injectable()
export class DedupeLookup {
  async read(db: Sql, queries: readonly DedupeQuery[]): Promise<DedupeSnapshot> {
    const keyRows = await this.keyRows(
      db,
      queries.flatMap((q) => q.keys),
    );
    const keyMatches = queries.map((query): KeyMatch | undefined => {
      const keyed = query.keys
        .map((key) => keyRows.get(`${key.kind}|${key.value}`))
        .filter((row): row is KeyRow => row !== undefined);
      const row = keyed.find((r) => r.kind === 'guid') ?? keyed[0];
      return row && { candidateId: row.candidate_id, rejected: Number(row.rejected) === 1, via: row.kind };
    });
    // One probe per distinct set of prefix tokens, over the union of its items' windows.
    const probes = new Map<string, { tokens: string[]; from: number; to: number }>();
    queries.forEach((query, i) => {
      if (keyMatches[i]) return;
      const tokens = prefixTokens(query.tokens, NEAR_DUPLICATE_THRESHOLD).slice(0, CHUNK);
      if (tokens.length === 0) return;
      const key = tokens.join('\u0001');
      const probe = probes.get(key);
      if (probe) {
        probe.from = Math.min(probe.from, query.at - WINDOW_MS);
        probe.to = Math.max(probe.to, query.at + WINDOW_MS);
      } else probes.set(key, { tokens, from: query.at - WINDOW_MS, to: query.at + WINDOW_MS });
    });
    const rows = await this.titleRows(db, [...probes.values()]);
    const listed = new Map<string, number>();
    const titles = rows.map((row): IndexedTitle => {
      listed.set(row.candidate_id, Number(row.listed));
      return {
        candidateId: row.candidate_id,
        rejected: Number(row.rejected) === 1,
        tokens: JSON.parse(row.tokens) as string[],
        at: Date.parse(row.published_at),
      };
    });
    return { keyMatches, titles, listed };
  }

  private async titleRows(
    db: Sql,
    probes: readonly { tokens: string[]; from: number; to: number }[],
  ): Promise<TitleRow[]> {
    const found = new Map<string, TitleRow>();
    for (let start = 0; start < probes.length;) {
      const parts: Statement[] = [];
      let bound = 0;
      while (
        start < probes.length &&
        (parts.length === 0 || bound + probes[start]!.tokens.length + 2 <= CHUNK)
      ) {
        const { tokens, from, to } = probes[start]!;
        parts.push(
          sql`SELECT title_id FROM ingest_title_index
              WHERE published_at >= ${new Date(from).toISOString()} AND published_at <= ${new Date(to).toISOString()}
              AND token IN (${join(tokens)})`,
        );
        bound += tokens.length + 2;
        start += 1;
      }
      const rows = await db.query<TitleRow>(
        sql`SELECT t.title_id, t.candidate_id, t.tokens, t.published_at, c.rejected, c.listed
         FROM (${join(parts, ' UNION ')}) m
         JOIN ingest_titles t ON t.title_id = m.title_id
         JOIN ingest_candidates c ON c.candidate_id = t.candidate_id`,
      );
      for (const row of rows) found.set(row.title_id, row);
    }
    return [...found.values()];
  }

  private async keyRows(db: Sql, keys: readonly ItemKey[]): Promise<Map<string, KeyRow>> {
    const found = new Map<string, KeyRow>();
    const slices = new EventLoopSlices();
    for (let i = 0; i < keys.length; i += CHUNK / 2) {
      await slices.pass();
      const chunk = keys.slice(i, i + CHUNK / 2);
      const matches = chunk.map((key) => sql`(k.kind = ${key.kind} AND k.value = ${key.value})`);
      const rows = await db.query<KeyRow>(
        sql`SELECT k.kind, k.value, k.candidate_id, c.rejected FROM ingest_item_keys k
         JOIN ingest_candidates c ON c.candidate_id = k.candidate_id WHERE ${join(matches, ' OR ')}`,
      );
      for (const row of rows) found.set(`${row.kind}|${row.value}`, row);
    }
    return found;
  }
}
