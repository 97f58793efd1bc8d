import { ApiKeyService, AuthModule } from '@app/auth';
import { EventStore } from '@app/event-store';
import { ReviewModule } from '@app/review';
import { CoreModule } from '@app/runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import {
  callApi,
  corroborateCandidate,
  createKeyOverHttp,
  DATABASE_KINDS,
  proposeCandidate,
  type RunningProcess,
  startProcess,
  testConfig,
} from '../support';

interface CandidateBody {
  id: string;
  status: string;
  decision: null | { kind: string; by: { keyId: string; name: string }; at: string; entryId?: string };
  history?: Array<{ type: string; actor: string; name?: string; reason?: string }>;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const proposal = {
  title: 'Kyrgyz and Chinese police open a joint training centre',
  summary: 'The centre in Bishkek trains Kyrgyz officers in counter-terrorism.',
  date: { start: '2026-02', precision: 'month' },
  countries: ['KG', 'CN'],
  actors: ['Ministry of Internal Affairs (Kyrgyzstan)'],
  categories: ['policing'],
  source: { title: 'Police cooperation', url: 'https://24.kg/english/1', publisher: '24.kg' },
};

/** The review API over real HTTP, on the built API process, as reviewers' browsers and scripts use it. */
describe.each(DATABASE_KINDS)('review API (%s)', (kind) => {
  let server: RunningProcess;
  let writer: INestApplicationContext;
  let admin: string;
  let reviewer: string;
  let viewer: string;

  beforeAll(async () => {
    const test = testConfig(kind);
    server = await startProcess('dist/apps/api/src/main.js', test.env, /API listening on/, 90_000);
    // Ingest's side of the log, as the worker writes it: candidates appended straight to the events.
    // The same context makes the first admin key, as `keys create` would.
    writer = await NestFactory.createApplicationContext(
      CoreModule.forRoot(test.config, { migrate: false, redis: false }, [ReviewModule, AuthModule]),
      { logger: ['error'] },
    );
    admin = (await writer.get(ApiKeyService).create({ role: 'admin', name: 'ops' })).key;
    reviewer = await createKey('reviewer', 'rita');
    viewer = await createKey('viewer', 'vic');
  }, 120_000);
  afterAll(async () => {
    await writer?.close();
    await server?.stop();
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    callApi(server.baseUrl, method, path, key, body);
  const createKey = (role: string, name: string) => createKeyOverHttp(server.baseUrl, admin, role, name);
  const propose = async () => {
    const response = await call('POST', '/api/review/candidates', reviewer, proposal);
    expect(response.status).toBe(201);
    return (await response.json()) as CandidateBody;
  };
  async function allEvents(): Promise<
    Array<{ streamId: string; type: string; data: Record<string, unknown> }>
  > {
    const events = [];
    for (let after = 0; ;) {
      const page = (await (await call('GET', `/api/events?after=${after}&limit=1000`, admin)).json()) as {
        events: Array<{ position: number; streamId: string; type: string; data: Record<string, unknown> }>;
        next: { after: number } | null;
      };
      events.push(...page.events);
      if (!page.next) return events;
      after = page.next.after;
    }
  }

  it('needs a reviewer or admin key: 401 without one, 403 for a viewer', async () => {
    const { id } = await propose();
    for (const [method, path, body] of [
      ['GET', '/api/review/candidates', undefined],
      ['GET', `/api/review/candidates/${id}`, undefined],
      ['POST', '/api/review/candidates', proposal],
      ['POST', `/api/review/candidates/${id}/approve`, {}],
      ['POST', `/api/review/candidates/${id}/reject`, { reason: 'not relevant' }],
      ['POST', `/api/review/candidates/${id}/merge`, { entryId: '0195a000-0000-7000-8000-000000000001' }],
    ] as const) {
      const anonymous = await call(method, path, undefined, body);
      expect([path, anonymous.status]).toEqual([path, 401]);
      const weak = await call(method, path, viewer, body);
      expect([path, weak.status]).toEqual([path, 403]);
      expect(((await weak.json()) as ErrorBody).error.code).toBe('FORBIDDEN');
    }
    expect((await call('GET', '/api/review/candidates', admin)).status).toBe(200);
    const still = (await (
      await call('GET', `/api/review/candidates/${id}`, reviewer)
    ).json()) as CandidateBody;
    expect(still.status).toBe('pending');
  });

  it('answers 400 naming the field, and 404 for what does not exist', async () => {
    const { id } = await propose();
    const expectField = async (response: Response, field: string) => {
      expect([field, response.status]).toEqual([field, 400]);
      expect(((await response.json()) as ErrorBody).error.details).toMatchObject({ field });
    };
    await expectField(
      await call('POST', '/api/review/candidates', reviewer, {
        ...proposal,
        date: { start: '2026-13', precision: 'month' },
      }),
      'date.start',
    );
    await expectField(
      await call('POST', '/api/review/candidates', reviewer, {
        ...proposal,
        source: { url: 'https://x.org/' },
      }),
      'source.title',
    );
    await expectField(
      await call('POST', `/api/review/candidates/${id}/approve`, reviewer, { origin: 'x' }),
      'origin',
    );
    await expectField(
      await call('POST', `/api/review/candidates/${id}/approve`, reviewer, {
        date: { start: '2026-02-30', precision: 'day' },
      }),
      'date.start',
    );
    await expectField(await call('POST', `/api/review/candidates/${id}/reject`, reviewer, {}), 'reason');
    await expectField(
      await call('POST', `/api/review/candidates/${id}/reject`, reviewer, { reason: 'no' }),
      'reason',
    );
    await expectField(
      await call('POST', `/api/review/candidates/${id}/merge`, reviewer, { entryId: 'e1' }),
      'entryId',
    );
    await expectField(await call('GET', '/api/review/candidates?limit=201', reviewer), 'limit');
    await expectField(await call('GET', '/api/review/candidates?status=open', reviewer), 'status');

    const unknown = '0195a000-0000-7000-8000-0000000000ff';
    for (const response of [
      await call('GET', `/api/review/candidates/${unknown}`, reviewer),
      await call('POST', `/api/review/candidates/${unknown}/approve`, reviewer, {}),
      await call('POST', `/api/review/candidates/${unknown}/reject`, reviewer, { reason: 'off topic' }),
    ]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).error.code).toBe('CANDIDATE_NOT_FOUND');
    }
    const noEntry = await call('POST', `/api/review/candidates/${id}/merge`, reviewer, { entryId: unknown });
    expect(noEntry.status).toBe(404);
    expect(((await noEntry.json()) as ErrorBody).error.code).toBe('ENTRY_NOT_FOUND');
    const after = (await (
      await call('GET', `/api/review/candidates/${id}`, reviewer)
    ).json()) as CandidateBody;
    expect([after.status, after.history!.length]).toEqual(['pending', 1]);
  });

  it('twenty reviewers approving one candidate at once: one entry, nineteen 409s naming the winner', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `reviewer-${String(i).padStart(2, '0')}`);
    const keys = await Promise.all(names.map((name) => createKey('reviewer', name)));
    const { id } = await propose();
    const timelineBefore = ((await (await call('GET', '/api/timeline?limit=1')).json()) as { total: number })
      .total;

    const answers = await Promise.all(
      keys.map(async (key) => {
        const response = await call('POST', `/api/review/candidates/${id}/approve`, key, {});
        return { status: response.status, body: (await response.json()) as unknown };
      }),
    );

    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status === 409);
    expect([won.length, lost.length]).toEqual([1, 19]);
    const winner = won[0]!.body as { candidate: CandidateBody; entry: { id: string; title: string } };
    const winnerName = winner.candidate.decision!.by.name;
    expect(names).toContain(winnerName);
    for (const { body } of lost) {
      const { error } = body as ErrorBody;
      expect(error).toMatchObject({
        code: 'CANDIDATE_DECIDED',
        details: { status: 'approved', decidedBy: winnerName, entryId: winner.entry.id },
      });
      expect(error.message).toBe(`Already approved by ${winnerName} at ${winner.candidate.decision!.at}`);
    }

    const events = await allEvents();
    const fromCandidate = events.filter(
      (e) => e.type === 'EntryAdded' && (e.data.origin as { candidateId?: string }).candidateId === id,
    );
    expect(fromCandidate.map((e) => e.streamId)).toEqual([`entry-${winner.entry.id}`]);
    const decisions = events.filter(
      (e) => e.streamId === `candidate-${id}` && e.type === 'CandidateApproved',
    );
    expect(decisions).toHaveLength(1);
    const timeline = (await (await call('GET', `/api/timeline?limit=1`)).json()) as { total: number };
    expect(timeline.total).toBe(timelineBefore + 1);
    const entry = (await (await call('GET', `/api/timeline/${winner.entry.id}`)).json()) as {
      entry: { title: string; sources: Array<{ url?: string; origin: { kind: string } }> };
    };
    expect(entry.entry.title).toBe(proposal.title);
    expect(entry.entry.sources).toEqual([
      expect.objectContaining({ url: proposal.source.url, origin: { kind: 'manual' } }),
    ]);
  });

  it('approves a feed candidate with edits, rejects with a reason, merges as a source, and shows it all in the queue', async () => {
    const events = writer.get(EventStore);
    const { candidateId: fromFeed } = await proposeCandidate(events, {
      relevance: { score: 8 },
      proposed: { title: 'Chinese and Tajik border guards drill' },
    });
    const corroboration = await corroborateCandidate(events, fromFeed);
    const { candidateId: offTopic } = await proposeCandidate(events, { relevance: { score: 3.1 } });
    const { candidateId: sameStory } = await proposeCandidate(events, { relevance: { score: 5 } });

    const queue = (await (
      await call('GET', '/api/review/candidates?minScore=3&limit=200', reviewer)
    ).json()) as {
      candidates: CandidateBody[];
      total: number;
      limit: number;
      offset: number;
    };
    expect(queue.candidates.map((c) => c.id)).toEqual([fromFeed, sameStory, offTopic]);
    expect([queue.total, queue.limit, queue.offset]).toEqual([3, 200, 0]);

    const approved = await call('POST', `/api/review/candidates/${fromFeed}/approve`, reviewer, {
      title: 'Chinese and Tajik border guards hold a joint drill',
      categories: ['border-security'],
    });
    expect(approved.status).toBe(200);
    const { candidate, entry } = (await approved.json()) as {
      candidate: CandidateBody;
      entry: { id: string; title: string; categories: string[]; sources: Array<{ url?: string }> };
    };
    expect(candidate).toMatchObject({
      status: 'approved',
      decision: { kind: 'approved', by: { name: 'rita' } },
    });
    expect([entry.title, entry.categories]).toEqual([
      'Chinese and Tajik border guards hold a joint drill',
      ['border-security'],
    ]);
    expect(entry.sources.map((s) => s.url)).toContain(corroboration.link);

    const rejected = await call('POST', `/api/review/candidates/${offTopic}/reject`, reviewer, {
      reason: 'A trade fair, not security.',
    });
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as { candidate: CandidateBody }).candidate.status).toBe('rejected');
    const late = await call('POST', `/api/review/candidates/${offTopic}/approve`, admin, {});
    expect(late.status).toBe(409);
    expect(((await late.json()) as ErrorBody).error.message).toMatch(/^Already rejected by rita at 20\d\d-/);

    const merged = await call('POST', `/api/review/candidates/${sameStory}/merge`, reviewer, {
      entryId: entry.id,
    });
    expect(merged.status).toBe(200);
    const mergedBody = (await merged.json()) as { candidate: CandidateBody; entry: { sources: unknown[] } };
    expect(mergedBody.candidate.status).toBe('merged');
    expect(mergedBody.entry.sources).toHaveLength(3);

    const detail = (await (
      await call('GET', `/api/review/candidates/${offTopic}`, reviewer)
    ).json()) as CandidateBody;
    expect(
      detail.history!.map((h) => [
        h.type,
        h.actor.startsWith('key:') ? 'key' : h.actor,
        h.name ?? null,
        h.reason ?? null,
      ]),
    ).toEqual([
      ['CandidateProposed', 'system:ingest', null, null],
      ['CandidateRejected', 'key', 'rita', 'A trade fair, not security.'],
    ]);
    const rejectedQueue = (await (
      await call('GET', '/api/review/candidates?status=rejected', reviewer)
    ).json()) as {
      candidates: CandidateBody[];
    };
    expect(rejectedQueue.candidates.map((c) => c.id)).toEqual([offTopic]);
  });

  it('describes the review routes in OpenAPI', async () => {
    const document = (await (await call('GET', '/api/docs/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    for (const path of ['', '/{id}', '/{id}/approve', '/{id}/reject', '/{id}/merge'])
      expect(Object.keys(document.paths)).toContain(`/api/review/candidates${path}`);
    expect(JSON.stringify(document.paths['/api/review/candidates/{id}/reject']!.post!.requestBody)).toContain(
      'reason',
    );
  });
});
