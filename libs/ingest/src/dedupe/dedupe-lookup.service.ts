import { Database } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';

import type { KeyMatch, TitleMatch } from './dedupe-decision';
import type { ItemKey } from './dedupe-keys';
import {
  DEDUPE_WINDOW_DAYS,
  NEAR_DUPLICATE_THRESHOLD,
  prefixTokens,
  titleSimilarity,
} from './title-fingerprint';

const DAY_MS = 86_400_000;
/** Parameters per statement stay well below SQLite's and PostgreSQL's limits. */
const CHUNK = 400;

type KeyRow = { kind: 'guid' | 'link'; value: string; candidate_id: string; rejected: number | string };
type TitleRow = { candidate_id: string; tokens: string; rejected: number | string };

/** What dedupe asks about one item: its keys, and its title's tokens and publication time. */
export interface DedupeQuery {
  keys: readonly ItemKey[];
  tokens: readonly string[];
  publishedAt: string;
}

export interface DedupeAnswer {
  keyMatch: KeyMatch | undefined;
  titleMatches: TitleMatch[];
}

/**
 * Read-only lookups in the dedupe projection's tables, for a whole feed's items: which candidates
 * hold their keys (one statement for all), and which have titles that may be near-duplicates within
 * DEDUPE_WINDOW_DAYS. Only each title's prefix tokens are probed (exact: see prefixTokens), and the
 * index is read by token and time, so frequent words and old stories cost nothing.
 */
@Injectable()
export class DedupeLookup {
  constructor(@Inject(Database) private readonly database: Database) {}

  async lookup(queries: readonly DedupeQuery[]): Promise<DedupeAnswer[]> {
    const keyRows = await this.keyRows(queries.flatMap((q) => q.keys));
    const answers: DedupeAnswer[] = [];
    for (const query of queries) {
      const keyed = query.keys
        .map((key) => keyRows.get(`${key.kind}|${key.value}`))
        .filter((row): row is KeyRow => row !== undefined);
      // A GUID match wins over a link match.
      const row = keyed.find((r) => r.kind === 'guid') ?? keyed[0];
      answers.push({
        keyMatch: row && {
          candidateId: row.candidate_id,
          rejected: Number(row.rejected) === 1,
          via: row.kind,
        },
        titleMatches: row ? [] : await this.titleMatches(query),
      });
    }
    return answers;
  }

  /** One statement per item: the index is read by token and then by time, within its window only. */
  private async titleMatches(query: DedupeQuery): Promise<TitleMatch[]> {
    const probe = prefixTokens(query.tokens, NEAR_DUPLICATE_THRESHOLD).slice(0, CHUNK);
    if (probe.length === 0) return [];
    const at = Date.parse(query.publishedAt);
    const rows = await this.database.query<TitleRow>(
      `SELECT DISTINCT t.candidate_id, t.tokens, c.rejected FROM ingest_title_index i
       JOIN ingest_titles t ON t.title_id = i.title_id
       JOIN ingest_candidates c ON c.candidate_id = t.candidate_id
       WHERE i.token IN (${probe.map((_, j) => `$${j + 3}`).join(', ')})
         AND i.published_at >= $1 AND i.published_at <= $2`,
      [
        new Date(at - DEDUPE_WINDOW_DAYS * DAY_MS).toISOString(),
        new Date(at + DEDUPE_WINDOW_DAYS * DAY_MS).toISOString(),
        ...probe,
      ],
    );
    const best = new Map<string, TitleMatch>();
    for (const title of rows) {
      const similarity = titleSimilarity(query.tokens, JSON.parse(title.tokens) as string[]);
      const known = best.get(title.candidate_id);
      if (!known || similarity > known.similarity) {
        best.set(title.candidate_id, {
          candidateId: title.candidate_id,
          rejected: Number(title.rejected) === 1,
          similarity,
        });
      }
    }
    return [...best.values()];
  }

  private async keyRows(keys: readonly ItemKey[]): Promise<Map<string, KeyRow>> {
    const found = new Map<string, KeyRow>();
    for (let i = 0; i < keys.length; i += CHUNK / 2) {
      const chunk = keys.slice(i, i + CHUNK / 2);
      const where = chunk.map((_, j) => `(k.kind = $${2 * j + 1} AND k.value = $${2 * j + 2})`).join(' OR ');
      const rows = await this.database.query<KeyRow>(
        `SELECT k.kind, k.value, k.candidate_id, c.rejected FROM ingest_item_keys k
         JOIN ingest_candidates c ON c.candidate_id = k.candidate_id WHERE ${where}`,
        chunk.flatMap((key) => [key.kind, key.value]),
      );
      for (const row of rows) found.set(`${row.kind}|${row.value}`, row);
    }
    return found;
  }
}
