import { ApiKeyService, AuthModule } from '@app/auth';
import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { ReviewModule } from '@app/review';
import { CoreModule } from '@app/runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import {
  callApi,
  createKeyOverHttp,
  DATABASE_KINDS,
  expectJson,
  proposeCandidate,
  type RunningProcess,
  startProcess,
  testConfig,
} from '../support';

interface CandidateBody {
  id: string;
  status: string;
  origin: string;
  item: { feedId: string | null; feedTitle: string | null; outlet: string; title: string };
  corroborations: Array<{ title: string; outlet: string }>;
  decision: null | {
    kind: string;
    by: { name: string };
    reason?: string;
    reasonCode?: string;
    entryId?: string;
    intoCandidateId?: string;
  };
  history?: Array<{ type: string; name?: string; reason?: string; undid?: string }>;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface LogEvent {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

const UNDO_WINDOW_MS = 4_000;

const proposal = {
  title: 'Kyrgyz and Chinese police open a joint training centre',
  summary: 'The centre in Bishkek trains Kyrgyz officers in counter-terrorism.',
  date: { start: '2026-02', precision: 'month' },
  countries: ['KG', 'CN'],
  actors: ['Ministry of Internal Affairs (Kyrgyzstan)'],
  categories: ['policing'],
  source: { title: 'Police cooperation', url: 'https://24.kg/english/1', publisher: '24.kg' },
};

/**
 * Deciding safely, over real HTTP on the built API: the borderline tray and promotion, undo within
 * UNDO_WINDOW (an approval's entry withdrawn, `undo: true`), reopen, four eyes, merging a candidate
 * into a candidate, outlets always named, and the live queue's server-sent events.
 */
describe.each(DATABASE_KINDS)('review: deciding safely (%s)', (kind) => {
  let server: RunningProcess;
  let writer: INestApplicationContext;
  let events: EventStore;
  let admin: string;
  let rita: string;
  let sam: string;
  let viewer: string;

  beforeAll(async () => {
    const test = testConfig(kind, { UNDO_WINDOW: `${UNDO_WINDOW_MS}ms`, REVIEW_FOUR_EYES: 'true' });
    server = await startProcess('dist/apps/api/src/main.js', test.env, /API listening on/, 90_000);
    writer = await NestFactory.createApplicationContext(
      CoreModule.forRoot(test.config, { migrate: false, redis: false }, [ReviewModule, AuthModule]),
      { logger: ['error'] },
    );
    events = writer.get(EventStore);
    admin = (await writer.get(ApiKeyService).create({ role: 'admin', name: 'ops' })).key;
    rita = await createKey('reviewer', 'rita');
    sam = await createKey('reviewer', 'sam');
    viewer = await createKey('viewer', 'vic');
  }, 120_000);
  afterAll(async () => {
    await writer?.close();
    await server?.stop();
  });

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    callApi(server.baseUrl, method, path, key, body);
  const createKey = (role: string, name: string) => createKeyOverHttp(server.baseUrl, admin, role, name);
  const get = async (id: string) =>
    expectJson<CandidateBody>(await call('GET', `/api/review/candidates/${id}`, rita));
  const ids = async (status: string) =>
    (
      await expectJson<{ candidates: CandidateBody[] }>(
        await call('GET', `/api/review/candidates?status=${status}&limit=200`, rita),
      )
    ).candidates.map((c) => c.id);
  const errorCode = async (response: Response, status: number) =>
    (await expectJson<ErrorBody>(response, status)).error.code;
  async function entryEvents(entryId: string): Promise<LogEvent[]> {
    const page = await expectJson<{ events: LogEvent[] }>(
      await call('GET', '/api/events?after=0&limit=1000', admin),
    );
    return page.events.filter((e) => e.streamId === `entry-${entryId}`);
  }
  const borderline = () =>
    proposeCandidate(events, {
      relevance: { score: 2.6, threshold: 3, relevant: false, verdict: 'borderline' },
    });

  it('every new route: 401 without a key, 403 for a viewer', async () => {
    const { candidateId: id } = await borderline();
    for (const [method, path, body] of [
      ['POST', `/api/review/candidates/${id}/promote`, undefined],
      ['POST', `/api/review/candidates/${id}/undo`, undefined],
      ['POST', `/api/review/candidates/${id}/reopen`, { reason: 'looked again' }],
      ['POST', `/api/review/candidates/${id}/merge`, { candidateId: 'other' }],
      ['GET', '/api/review/candidates?status=borderline', undefined],
      ['GET', '/api/review/events', undefined],
      ['GET', '/api/review/settings', undefined],
      ['GET', `/api/review/candidates/${id}/merge-targets?q=border`, undefined],
    ] as const) {
      expect([path, (await call(method, path, undefined, body)).status]).toEqual([path, 401]);
      const weak = await call(method, path, viewer, body);
      expect([path, weak.status]).toEqual([path, 403]);
    }
    expect((await get(id)).status).toBe('borderline');
  });

  it('the borderline tray is apart from the queue; promoting moves an item into it', async () => {
    const { candidateId: id } = await borderline();
    expect(await ids('borderline')).toContain(id);
    expect(await ids('pending')).not.toContain(id);

    const promoted = await expectJson<{ candidate: CandidateBody }>(
      await call('POST', `/api/review/candidates/${id}/promote`, rita),
    );
    expect(promoted.candidate.status).toBe('pending');
    expect(await ids('pending')).toContain(id);
    expect(await ids('borderline')).not.toContain(id);
    expect((await get(id)).history!.map((h) => [h.type, h.name])).toEqual([
      ['CandidateProposed', undefined],
      ['CandidatePromoted', 'rita'],
    ]);
    expect(await errorCode(await call('POST', `/api/review/candidates/${id}/promote`, rita), 409)).toBe(
      'NOT_BORDERLINE',
    );
  });

  it('undoes an approval within UNDO_WINDOW: pending again, its entry retracted with undo: true; after it, refused', async () => {
    const { candidateId: id } = await proposeCandidate(events);
    const approved = await expectJson<{ entry: { id: string } }>(
      await call('POST', `/api/review/candidates/${id}/approve`, rita, {}),
    );
    const undone = await expectJson<{ candidate: CandidateBody }>(
      await call('POST', `/api/review/candidates/${id}/undo`, sam),
    );
    expect(undone.candidate.status).toBe('pending');
    expect((await get(id)).history!.map((h) => [h.type, h.undid])).toEqual([
      ['CandidateProposed', undefined],
      ['CandidateApproved', undefined],
      ['CandidateDecisionUndone', 'approved'],
    ]);
    // History kept: the entry's stream has its addition and the retraction that withdrew it.
    const stream = await entryEvents(approved.entry.id);
    expect(stream.map((e) => [e.type, e.data.undo])).toEqual([
      ['EntryAdded', undefined],
      ['EntryRetracted', true],
    ]);
    const { entry } = await expectJson<{ entry: { status: string } }>(
      await call('GET', `/api/timeline/${approved.entry.id}`),
    );
    expect(entry.status).toBe('retracted');
    expect(await ids('pending')).toContain(id);
    expect(await errorCode(await call('POST', `/api/review/candidates/${id}/undo`, rita), 409)).toBe(
      'NOTHING_TO_UNDO',
    );

    // Decided again, then the window passes: the decision stands.
    const again = await expectJson<{ entry: { id: string } }>(
      await call('POST', `/api/review/candidates/${id}/approve`, sam, {}),
    );
    expect(again.entry.id).not.toBe(approved.entry.id);
    await new Promise((resolve) => setTimeout(resolve, UNDO_WINDOW_MS + 200));
    const late = await call('POST', `/api/review/candidates/${id}/undo`, rita);
    expect(await errorCode(late, 409)).toBe('UNDO_WINDOW_PASSED');
    expect((await get(id)).status).toBe('approved');
    expect((await entryEvents(again.entry.id)).map((e) => e.type)).toEqual(['EntryAdded']);
  }, 30_000);

  it('rejects with a reason code alone; undo and reopen put it back in the queue', async () => {
    const { candidateId: id } = await proposeCandidate(events);
    expect(
      await errorCode(
        await call('POST', `/api/review/candidates/${id}/reject`, rita, { reasonCode: 'other' }),
        400,
      ),
    ).toBe('INVALID_DECISION');
    const rejected = await expectJson<{ candidate: CandidateBody }>(
      await call('POST', `/api/review/candidates/${id}/reject`, rita, { reasonCode: 'trade-only' }),
    );
    expect(rejected.candidate.decision).toMatchObject({
      kind: 'rejected',
      reasonCode: 'trade-only',
      reason: 'Trade, energy or transport only: no security angle',
    });
    // The list (the read model) keeps the code too.
    const listed = await expectJson<{ candidates: CandidateBody[] }>(
      await call('GET', '/api/review/candidates?status=rejected&limit=200', rita),
    );
    expect(listed.candidates.find((c) => c.id === id)!.decision!.reasonCode).toBe('trade-only');

    await expectJson(await call('POST', `/api/review/candidates/${id}/undo`, rita));
    expect((await get(id)).status).toBe('pending');
    await expectJson(
      await call('POST', `/api/review/candidates/${id}/reject`, rita, { reason: 'Sport only' }),
    );

    const noReason = await call('POST', `/api/review/candidates/${id}/reopen`, sam, {});
    expect((await expectJson<ErrorBody>(noReason, 400)).error.details).toMatchObject({ field: 'reason' });
    const reopened = await expectJson<{ candidate: CandidateBody }>(
      await call('POST', `/api/review/candidates/${id}/reopen`, sam, {
        reason: 'It names the SCO after all',
      }),
    );
    expect(reopened.candidate.status).toBe('pending');
    expect((await get(id)).history!.at(-1)).toMatchObject({
      type: 'CandidateReopened',
      name: 'sam',
      reason: 'It names the SCO after all',
    });
    expect(
      await errorCode(
        await call('POST', `/api/review/candidates/${id}/reopen`, sam, { reason: 'again' }),
        409,
      ),
    ).toBe('NOT_REOPENABLE');
  });

  it('ingest’s dedupe forgets a rejection once it is reopened or undone', async () => {
    // Through the API process, whose inline projections include ingest's dedupe.
    const { id } = await expectJson<CandidateBody>(
      await call('POST', '/api/review/candidates', sam, proposal),
      201,
    );
    const rejected = async () => {
      const [row] = await writer
        .get(Database)
        .query<{ rejected: number | boolean }>(
          'SELECT rejected FROM ingest_candidates WHERE candidate_id = $1',
          [id],
        );
      return Number(row!.rejected);
    };
    expect(await rejected()).toBe(0);
    await expectJson(
      await call('POST', `/api/review/candidates/${id}/reject`, rita, { reasonCode: 'no-china' }),
    );
    expect(await rejected()).toBe(1);
    await expectJson(await call('POST', `/api/review/candidates/${id}/undo`, rita));
    expect(await rejected()).toBe(0);
    await expectJson(
      await call('POST', `/api/review/candidates/${id}/reject`, rita, { reasonCode: 'no-china' }),
    );
    expect(await rejected()).toBe(1);
    await expectJson(
      await call('POST', `/api/review/candidates/${id}/reopen`, sam, { reason: 'China is named after all' }),
    );
    expect(await rejected()).toBe(0);
  });

  it('tells the page the undo window', async () => {
    expect(await expectJson(await call('GET', '/api/review/settings', rita))).toEqual({
      undoWindowMs: UNDO_WINDOW_MS,
      fourEyes: true,
    });
  });

  it('four eyes: a reviewer cannot approve their own hand proposal; another can', async () => {
    const own = await expectJson<CandidateBody>(
      await call('POST', '/api/review/candidates', rita, proposal),
      201,
    );
    expect(own.origin).toBe('reviewer');
    const refused = await call('POST', `/api/review/candidates/${own.id}/approve`, rita, {});
    expect(await errorCode(refused, 403)).toBe('OWN_PROPOSAL');
    expect((await get(own.id)).status).toBe('pending');
    await expectJson(await call('POST', `/api/review/candidates/${own.id}/approve`, sam, {}));
    expect((await get(own.id)).status).toBe('approved');
  });

  it('merges a candidate into another candidate: its item becomes a corroboration there', async () => {
    const { candidateId: target } = await proposeCandidate(events);
    const { candidateId: source } = await proposeCandidate(events, {
      item: {
        title: 'Китай и Таджикистан провели пограничные учения',
        language: 'ru',
        feedTitle: 'Asia-Plus',
      },
    });
    const merged = await expectJson<{ candidate: CandidateBody }>(
      await call('POST', `/api/review/candidates/${source}/merge`, rita, { candidateId: target }),
    );
    expect(merged.candidate.decision).toMatchObject({ kind: 'merged', intoCandidateId: target });
    const into = await get(target);
    expect(into.status).toBe('pending');
    expect(into.corroborations.map((c) => [c.title, c.outlet])).toEqual([
      ['Китай и Таджикистан провели пограничные учения', 'Asia-Plus'],
    ]);
    expect(await ids('pending')).not.toContain(source);

    // Not into itself, not into a decided candidate, not both targets at once.
    const { candidateId: third } = await proposeCandidate(events);
    expect(
      await errorCode(
        await call('POST', `/api/review/candidates/${third}/merge`, rita, { candidateId: third }),
        400,
      ),
    ).toBe('INVALID_DECISION');
    expect(
      await errorCode(
        await call('POST', `/api/review/candidates/${third}/merge`, rita, { candidateId: source }),
        409,
      ),
    ).toBe('CANDIDATE_DECIDED');
    expect(
      await errorCode(
        await call('POST', `/api/review/candidates/${third}/merge`, rita, {
          candidateId: target,
          entryId: '0195a000-0000-7000-8000-000000000001',
        }),
        400,
      ),
    ).toBe('INVALID_DECISION');
    expect((await get(third)).status).toBe('pending');
  });

  it('names the outlet of an item from a feed without a title, and the entry cites it as publisher', async () => {
    const { candidateId: id } = await proposeCandidate(events, {
      item: { feedTitle: null, link: 'https://www.rferl.org/a/china-tajik-border/1.html' },
    });
    const candidate = await get(id);
    expect([candidate.origin, candidate.item.outlet]).toEqual(['feed', 'rferl.org']);
    const approved = await expectJson<{ entry: { sources: Array<{ publisher?: string }> } }>(
      await call('POST', `/api/review/candidates/${id}/approve`, sam, {}),
    );
    expect(approved.entry.sources[0]!.publisher).toBe('rferl.org');
  });

  it('streams every decision to listeners as server-sent events', async () => {
    const { candidateId: id } = await proposeCandidate(events);
    const controller = new AbortController();
    const response = await fetch(`${server.baseUrl}/api/review/events`, {
      headers: { authorization: `Bearer ${sam}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      expect.stringContaining('text/event-stream'),
    ]);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${String(pattern)}: ${text}`);
        text += decoder.decode(value);
      }
    };
    try {
      await until(/event: ready/);
      // Let the poller take the head before the decision, so the decision is news to it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await expectJson(
        await call('POST', `/api/review/candidates/${id}/reject`, rita, { reason: 'Off topic' }),
      );
      await until(new RegExp(`"candidateId":"${id}","type":"CandidateRejected"`));
      expect(text).toMatch(/event: candidate\nid: \d+\ndata: .*"by":"rita"/);
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
  }, 20_000);
});
