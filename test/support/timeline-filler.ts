import { randomUUID } from 'node:crypto';

import type { AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { CoreModule } from '@app/runtime';
import { type EntryCommand, TimelineModule, TimelineService } from '@app/timeline';
import { NestFactory } from '@nestjs/core';

const BATCH = 500;
const PRECISIONS = [
  (i: number) => ({ start: String(1991 + (i % 35)), precision: 'year' as const }),
  (i: number) => ({
    start: `${2000 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}`,
    precision: 'month' as const,
  }),
  (i: number) => ({
    start: `${2000 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    precision: 'day' as const,
  }),
  (i: number) => ({
    start: String(2000 + (i % 20)),
    end: String(2021 + (i % 5)),
    precision: 'range' as const,
  }),
];

/**
 * Adds `count` entries to the database of `config` through the real write path (validate, decide,
 * append 500 streams at a time, projections inline), migrating it first: a large timeline for
 * tests and benchmarks of reads, without 10,000 HTTP round trips.
 */
export async function fillTimeline(config: AppConfig, count: number): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { migrate: true, redis: false }, [TimelineModule]),
    { logger: ['error'] },
  );
  try {
    const timeline = app.get(TimelineService);
    const events = app.get(EventStore);
    for (let start = 0; start < count; start += BATCH) {
      const requests = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        requests.push(await timeline.prepare(anEntry(i), { actor: 'filler' }));
      }
      await events.appendToStreams(requests);
    }
  } finally {
    await app.close();
  }
}

/**
 * Appends events as they are, past every command's validation: for data written before a rule
 * existed (the log keeps it for ever), which reads and exports must still handle.
 */
export async function appendUnchecked(
  config: AppConfig,
  streamId: string,
  events: Array<{ type: string; data: Record<string, unknown> }>,
): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { migrate: false, redis: false }, [TimelineModule]),
    { logger: ['error'] },
  );
  try {
    await app.get(EventStore).append(
      streamId,
      'any',
      events.map((event) => ({ ...event, data: event.data as never, metadata: { actor: 'legacy' } })),
    );
  } finally {
    await app.close();
  }
}

function anEntry(i: number): Extract<EntryCommand, { kind: 'add' }> {
  return {
    kind: 'add',
    entryId: randomUUID(),
    fields: {
      title: `Joint border exercise number ${i}, "Cooperation" — Қазақстан, 中国`,
      summary: `Forces of the two countries held drill ${i} near the border, with observers; second sentence of the summary, long enough to be a real one.`,
      date: PRECISIONS[i % PRECISIONS.length]!(i),
      countries: i % 2 ? ['CN', 'KZ'] : ['CN', 'TJ', 'AF'],
      actors: i % 3 ? ['Ministry of Public Security', 'People’s Armed Police'] : [],
      categories: i % 2 ? ['military-exercise'] : ['border-security', 'counter-terrorism'],
    },
    sources: [
      {
        id: 's1',
        title: `Report on exercise ${i}`,
        publisher: 'News agency',
        url: `https://news.example.org/${i}`,
        origin: { kind: 'manual' },
      },
    ],
    origin: { kind: 'manual' },
  };
}
