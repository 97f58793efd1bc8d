import { Database } from '@app/database';
import { type AppendRequest, EventStore, EventStoreError } from '@app/event-store';
import { findPlaces, type SourceRef, TimelineService } from '@app/timeline';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';

import { SEED_DOCUMENTS } from './data/documents';
import { SEED_ENTRIES } from './data/entries';
import type { SeedEntry } from './seed-types';

/** Fixed namespace: a seed entry's id is derived from its key, so every install agrees on it. */
const SEED_NAMESPACE = '6f2d3c1e-9a4b-4e59-8c1d-2b7f0a9e5c31';
const SEED_ACTOR = 'seed';

export interface SeedReport {
  documents: { added: number; present: number };
  entries: { added: number; present: number };
}

/**
 * Appends the curated seed through the same commands as any other addition, all in one
 * transaction. Running it again adds nothing: ids and event ids are derived from the seed keys.
 */
@Injectable()
export class SeedImporter {
  private readonly logger = new Logger(SeedImporter.name);

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(TimelineService) private readonly timeline: TimelineService,
  ) {}

  static entryId(key: string): string {
    return uuidv5(`seed:${key}`, SEED_NAMESPACE);
  }

  async seed(): Promise<SeedReport> {
    try {
      return await this.seedOnce();
    } catch (error) {
      // Another process seeding at the same moment wins the race; then everything is present.
      if (error instanceof EventStoreError && error.code === 'STREAM_VERSION_CONFLICT')
        return this.seedOnce();
      throw error;
    }
  }

  /** Seeds only a timeline that has no entries at all (what `npm start` does on first run). */
  async seedIfEmpty(): Promise<SeedReport | undefined> {
    const [anyEntry] = await this.database.query(
      `SELECT 1 AS found FROM stream_catalogue WHERE stream_type = 'entry' LIMIT 1`,
    );
    if (anyEntry) return undefined;
    const report = await this.seed();
    this.logger.log(
      `Seeded the timeline: ${report.entries.added} entries from ${report.documents.added} documents`,
    );
    return report;
  }

  private async seedOnce(): Promise<SeedReport> {
    const requests: AppendRequest[] = [];
    const report: SeedReport = { documents: { added: 0, present: 0 }, entries: { added: 0, present: 0 } };
    for (const document of SEED_DOCUMENTS) {
      const streamId = `document-${document.id}`;
      if ((await this.events.streamVersion(streamId)) > 0) {
        report.documents.present += 1;
        continue;
      }
      requests.push({
        streamId,
        expectedVersion: 0,
        events: [
          {
            eventId: `seed-document-${document.id}`,
            type: 'DocumentRegistered',
            data: { ...document },
            metadata: { actor: SEED_ACTOR },
          },
        ],
      });
      report.documents.added += 1;
    }
    for (const entry of SEED_ENTRIES) {
      const entryId = SeedImporter.entryId(entry.key);
      if ((await this.events.streamVersion(`entry-${entryId}`)) > 0) {
        report.entries.present += 1;
        continue;
      }
      requests.push(
        await this.timeline.prepare(
          {
            kind: 'add',
            entryId,
            fields: fieldsOf(entry),
            sources: sourcesOf(entry),
            origin: { kind: 'seed', key: entry.key },
          },
          { actor: SEED_ACTOR, commandId: `seed-${entry.key}` },
        ),
      );
      report.entries.added += 1;
    }
    if (requests.length > 0) await this.events.appendToStreams(requests);
    return report;
  }
}

/** The entry's fields; its places are those the gazetteer finds in its text and its quoted passages. */
export function fieldsOf(entry: SeedEntry) {
  const { title, summary, date, countries, actors, categories } = entry;
  const places = findPlaces([title, summary, ...entry.sources.map((s) => s.quote)].join('\n'));
  return { title, summary, date, countries, actors, categories, places };
}

function sourcesOf(entry: SeedEntry): SourceRef[] {
  return entry.sources.map((citation, i) => {
    const document = SEED_DOCUMENTS.find((d) => d.id === citation.document);
    if (!document) throw new Error(`Seed entry ${entry.key} cites unknown document ${citation.document}`);
    return {
      id: `${document.id}#${i + 1}`,
      title: document.title,
      ...(document.publisher ? { publisher: document.publisher } : {}),
      ...(document.url ? { url: document.url } : {}),
      ...(document.publishedAt ? { publishedAt: document.publishedAt } : {}),
      origin: { kind: 'seed', document: document.id, locator: citation.locator, quote: citation.quote },
    };
  });
}
