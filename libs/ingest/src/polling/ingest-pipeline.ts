import { createHash } from 'node:crypto';

import { type AppConfig, APP_CONFIG } from '@app/config';
import type { Sql, Transaction } from '@app/database';
import { type AppendRequest, EventStoreError, type NewEvent, retryOnConflict } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';

import {
  type CandidateIngestEvent,
  type CandidateItem,
  candidateStreamId,
  type ProposedFields,
  type Relevance,
} from '../candidate-events';
import { DedupeBatch, MAX_LISTED_CORROBORATIONS, type Prepared } from '../dedupe/dedupe-batch';
import { DedupeLookup } from '../dedupe/dedupe-lookup.service';
import { type FeedDocument, type NormalisedItem, normaliseItem, readFeedOffThread } from '../reading';
import {
  assessRelevance,
  DEFAULT_BORDERLINE_MARGIN,
  DEFAULT_RELEVANCE_THRESHOLD,
  extractFields,
  type ItemText,
  type RelevanceModel,
} from '../relevance';
import { RelevanceModelService } from '../relevance/model/relevance-model.service';
import { EventLoopSlices } from './event-loop-slices';

/** Fixed namespace: a candidate's id is derived from its feed and GUID, so a retried poll agrees. */
const CANDIDATE_NAMESPACE = '0b5f3c2e-6d1a-4c8e-9f27-5a4e1d3b7c90';
const ACTOR = 'system:ingest';
/** A summary names at most this many feeds. */
const SUMMARY_FEEDS = 20;

/** The feed a document came from; all null for a file read by `feeds try`. */
export interface PipelineFeed {
  id: string | null;
  url: string | null;
  title: string | null;
  language: string | null;
}

export type ItemVerdict =
  | 'proposed'
  /** Just below the threshold: proposed to the reviewers' borderline tray. */
  | 'borderline'
  | 'corroborates'
  /** Corroborates a candidate that lists MAX_LISTED_CORROBORATIONS already: counted, not listed. */
  | 'summarised'
  | 'duplicate'
  | 'rejected-before'
  | 'irrelevant'
  | 'seen'
  /** Relevant, but the database refused to store it (the error is in the report and the feed's health). */
  | 'not-stored';

/** What became of one item, and why: what `feeds try` prints and the worker logs. */
export interface ItemReport {
  item: NormalisedItem;
  verdict: ItemVerdict;
  /** Null only for an item this feed had shown before (not scored again). */
  relevance: Relevance | null;
  /**
   * What extraction proposes: for the items this poll proposes (worked out only for them), and in
   * a dry run for every relevant item.
   */
  fields: ProposedFields | null;
  /** The candidate proposed, corroborated, duplicated or rejected before. */
  candidateId: string | null;
  similarity: number | null;
}

export interface PipelineReport {
  document: Omit<FeedDocument, 'items'>;
  items: ItemReport[];
  /** Items normaliseItem could not use (no title and no link), or repeated within the document. */
  skipped: number;
  /** Events appended to the log (always 0 in a dry run). */
  appended: number;
  /**
   * More than MAX_LISTED_CORROBORATIONS items of this document told one story: the candidate and
   * how many of the items went to it.
   */
  flood: { candidateId: string; items: number } | null;
  /** Why items could not be stored (their verdict is 'not-stored'); empty when all were. */
  storeErrors: string[];
}

/** What the pipeline settles its items with: one transaction, or the read-only database. */
export interface SinkSession {
  /** Where dedupe reads: inside the transaction, after the log's write lock was taken. */
  sql: Sql;
  /** Appends in the same transaction; returns how many events were new. */
  append(requests: AppendRequest[]): Promise<number>;
  /** The transaction, for writes that commit with the append (the poll's feed state); null in a dry run. */
  tx: Transaction | null;
}

/**
 * Where the pipeline's results go. The worker's sink reads what the feed has shown before and
 * settles each poll in one transaction that holds the log's write lock, so dedupe's reads and the
 * append see no other writer of candidates in between, in this process or any other; `feeds try`
 * has one that reads nothing of the feed and writes nothing.
 */
export interface PipelineSink {
  readonly dryRun: boolean;
  /** Which of these GUIDs this feed has shown before. */
  seen(feedId: string | null, guids: readonly string[]): Promise<Set<string>>;
  /** Runs `work` in one transaction (rolled back when it throws). */
  settle<T>(work: (session: SinkSession) => Promise<T>): Promise<T>;
}

/** Writes that commit with the poll's append, told what became of the items. */
export type Alongside = (report: PipelineReport, tx: Transaction) => Promise<void>;

/**
 * The ingest pipeline (DESIGN.md section 5): read → normalise → skip what the feed showed before →
 * relevance → extraction → dedupe → CandidateProposed / CandidateCorroborated. The worker and
 * `feeds try` run exactly this code; only the sink differs. Event ids are derived from the
 * candidate and the item, so a retried poll appends nothing twice.
 */
@Injectable()
export class IngestPipeline {
  readonly threshold: number;
  readonly margin: number;

  constructor(
    @Inject(DedupeLookup) private readonly lookup: DedupeLookup,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(RelevanceModelService) private readonly models: RelevanceModelService,
  ) {
    this.threshold = config.ingest.relevanceThreshold ?? DEFAULT_RELEVANCE_THRESHOLD;
    this.margin = config.ingest.relevanceBorderlineMargin ?? DEFAULT_BORDERLINE_MARGIN;
  }

  /**
   * Reads the bytes as a feed (throws FeedReadError when they are not one; a large document on a
   * worker thread) and processes it;
   * `alongside` writes what must commit with the poll's append (the worker's feed state).
   */
  async run(
    feed: PipelineFeed,
    bytes: Buffer,
    contentType: string | null,
    fetchedAt: Date,
    sink: PipelineSink,
    alongside?: Alongside,
  ): Promise<PipelineReport> {
    return this.process(feed, await readFeedOffThread(bytes, contentType), fetchedAt, sink, alongside);
  }

  async process(
    feed: PipelineFeed,
    document: FeedDocument,
    fetchedAt: Date,
    sink: PipelineSink,
    alongside?: Alongside,
  ): Promise<PipelineReport> {
    const { items: raw, ...about } = document;
    const context = {
      fetchedAt,
      feedLink: document.link ?? feed.url,
      feedLanguage: feed.language ?? document.language,
    };
    // A large document is worked through in slices, so the process keeps answering meanwhile.
    const slices = new EventLoopSlices();
    const items: NormalisedItem[] = [];
    const guids = new Set<string>();
    for (const rawItem of raw) {
      await slices.pass();
      const item = normaliseItem(rawItem, context);
      if (!item || guids.has(item.guid)) continue;
      guids.add(item.guid);
      items.push(item);
    }
    const seen = await sink.seen(feed.id, [...guids]);
    const model = await this.models.current();
    const reports: ItemReport[] = [];
    for (const item of items) {
      await slices.pass();
      reports.push(seen.has(item.guid) ? seenReport(item) : this.score(item, model, sink.dryRun));
    }
    // Borderline items are proposed too, to the reviewers' tray: nothing relevant is dropped silently.
    const relevant = reports.filter((r) => r.verdict !== 'irrelevant' && r.verdict !== 'seen');
    const report: PipelineReport = {
      document: about,
      items: reports,
      skipped: raw.length - items.length,
      appended: 0,
      flood: null,
      storeErrors: [],
    };
    if (relevant.length === 0 && !alongside) return report;
    const outlet = { ...feed, title: outletName(feed, document) };
    await this.settle(outlet, relevant, fetchedAt, sink, report, alongside, slices);
    return report;
  }

  /**
   * Relevance for every item; extraction, which only a proposal needs, in a dry run only (the
   * worker extracts in dedupe, for the items that propose: a story's other reports do not).
   */
  private score(item: NormalisedItem, model: RelevanceModel, extract: boolean): ItemReport {
    const relevance = assessRelevance(itemText(item), {
      threshold: this.threshold,
      margin: this.margin,
      model,
    });
    const proposed = relevance.verdict !== 'irrelevant';
    return {
      item,
      verdict: relevance.verdict === 'borderline' ? 'borderline' : proposed ? 'proposed' : 'irrelevant',
      relevance,
      fields: proposed && extract ? extractFields(itemText(item), relevance) : null,
      candidateId: null,
      similarity: null,
    };
  }

  /**
   * Dedupe and append in one transaction of the sink, which holds the log's write lock (the
   * poll's feed state goes in it too). When another writer moved a candidate's stream on anyway,
   * the command handler's one retry policy runs it again. When the database refuses the items
   * (not a conflict), each is stored on its own, so the good ones are still proposed and the
   * refused ones are named in the report, which the feed's health shows.
   */
  private async settle(
    feed: PipelineFeed,
    relevant: ItemReport[],
    fetchedAt: Date,
    sink: PipelineSink,
    report: PipelineReport,
    alongside: Alongside | undefined,
    slices: EventLoopSlices,
  ): Promise<void> {
    const items = relevant.map((r) => candidateItem(feed, r.item, fetchedAt));
    // Tokens and keys are worked out before the transaction opens: it holds only the lookups.
    const prepared = await DedupeBatch.prepare(items, slices);
    const attempt = (which: number[], withAlongside: boolean) =>
      retryOnConflict(() =>
        sink.settle(async (session) => {
          const subset = new Map(which.map((i) => [items[i]!, prepared.get(items[i]!)!]));
          const batch = await DedupeBatch.open(this.lookup, session.sql, subset);
          const requests = await this.dedupe(
            feed,
            which.map((i) => relevant[i]!),
            subset,
            batch,
            slices,
          );
          const appended = requests.length === 0 ? 0 : await session.append(requests);
          if (withAlongside && alongside && session.tx) {
            await alongside({ ...report, appended, flood: flood(relevant) }, session.tx);
          }
          return appended;
        }),
      );
    const all = relevant.map((_, i) => i);
    try {
      report.appended = await attempt(all, true);
      report.flood = flood(relevant);
      return;
    } catch (error) {
      if (sink.dryRun || relevant.length === 0 || isConflict(error)) throw error;
      report.storeErrors.push(...(await this.settleApart(all, attempt, relevant, report)));
      if (report.storeErrors.length === 0) throw error;
    }
    report.flood = flood(relevant);
    // The feed state alone: when even that cannot be written, the database is away, not the items.
    await sink.settle(async (session) => {
      if (alongside && session.tx) await alongside(report, session.tx);
    });
  }

  /** Each item in its own transaction; returns why the refused ones were refused. */
  private async settleApart(
    all: number[],
    attempt: (which: number[], withAlongside: boolean) => Promise<number>,
    relevant: ItemReport[],
    report: PipelineReport,
  ): Promise<string[]> {
    const errors: string[] = [];
    for (const i of all) {
      try {
        report.appended += await attempt([i], false);
      } catch (error) {
        if (isConflict(error)) throw error;
        const item = relevant[i]!;
        Object.assign(item, { verdict: 'not-stored', candidateId: null, similarity: null });
        errors.push(
          `${JSON.stringify(item.item.guid.slice(0, 100))}: ${(error as Error).message.slice(0, 300)}`,
        );
      }
    }
    return errors;
  }

  /** Judges each item in turn (yielding between slices: it runs inside the poll's transaction). */
  private async dedupe(
    feed: PipelineFeed,
    relevant: ItemReport[],
    prepared: Map<CandidateItem, Prepared>,
    batch: DedupeBatch,
    slices: EventLoopSlices,
  ): Promise<AppendRequest[]> {
    const items = [...prepared.keys()];
    const streams = new Map<string, AppendRequest>();
    const add = (candidateId: string, expectedVersion: 0 | 'any', event: NewEvent) => {
      const streamId = candidateStreamId(candidateId);
      const request = streams.get(streamId);
      if (request) (request.events as NewEvent[]).push(event);
      else streams.set(streamId, { streamId, expectedVersion, events: [event] });
    };
    const summaries = new Map<string, CandidateItem[]>();
    const metadata = { actor: ACTOR, ...(feed.url ? { source: feed.url } : {}) };
    for (const [i, report] of relevant.entries()) {
      await slices.pass();
      const item = items[i]!;
      const verdict = batch.judge(item);
      report.similarity = null;
      switch (verdict.kind) {
        case 'propose': {
          const candidateId = uuidv5(`${feedKey(feed)}|${item.guid}`, CANDIDATE_NAMESPACE);
          report.fields ??= extractFields(itemText(report.item), report.relevance!);
          const event: CandidateIngestEvent = {
            type: 'CandidateProposed',
            data: { candidateId, item, relevance: report.relevance, proposed: report.fields },
          };
          add(candidateId, 0, { eventId: `candidate-proposed-${candidateId}`, ...event, metadata });
          batch.remember(item, candidateId);
          Object.assign(report, {
            verdict: report.relevance?.verdict === 'borderline' ? 'borderline' : 'proposed',
            candidateId,
          });
          break;
        }
        case 'corroborate': {
          const { candidateId, similarity } = verdict;
          if (!batch.list(candidateId)) {
            const summarised = summaries.get(candidateId) ?? [];
            summarised.push(item);
            summaries.set(candidateId, summarised);
            batch.remember(item, candidateId, false);
            Object.assign(report, { verdict: 'summarised', candidateId, similarity });
            break;
          }
          const event: CandidateIngestEvent = {
            type: 'CandidateCorroborated',
            data: { candidateId, item, similarity },
          };
          add(candidateId, 'any', {
            eventId: `candidate-corroborated-${candidateId}-${itemHash(`${feedKey(feed)}|${item.guid}`)}`,
            ...event,
            metadata,
          });
          batch.remember(item, candidateId);
          Object.assign(report, { verdict: 'corroborates', candidateId, similarity });
          break;
        }
        case 'duplicate':
          Object.assign(report, { verdict: 'duplicate', candidateId: verdict.candidateId });
          break;
        case 'rejected':
          Object.assign(report, {
            verdict: 'rejected-before',
            candidateId: verdict.candidateId,
            similarity: verdict.similarity ?? null,
          });
          break;
      }
    }
    for (const [candidateId, summarised] of summaries) {
      const event = summaryEvent(candidateId, summarised);
      const first = summarised[0]!;
      add(candidateId, 'any', {
        eventId: `candidate-summarised-${candidateId}-${itemHash(`${feedKey(feed)}|${first.guid}|${summarised.length}`)}`,
        ...event,
        metadata,
      });
    }
    return [...streams.values()];
  }
}

/** One event for the items past a candidate's listed corroborations: how many, from where, when. */
function summaryEvent(candidateId: string, items: CandidateItem[]): CandidateIngestEvent {
  const feeds = new Map<string | null, { feedId: string | null; feedTitle: string | null; count: number }>();
  let first = items[0]!.publishedAt;
  let last = first;
  for (const item of items) {
    const feed = feeds.get(item.feedId) ?? { feedId: item.feedId, feedTitle: item.feedTitle, count: 0 };
    feed.count += 1;
    feeds.set(item.feedId, feed);
    if (item.publishedAt < first) first = item.publishedAt;
    if (item.publishedAt > last) last = item.publishedAt;
  }
  return {
    type: 'CandidateCorroborationsSummarised',
    data: {
      candidateId,
      count: items.length,
      feeds: [...feeds.values()].sort((a, b) => b.count - a.count).slice(0, SUMMARY_FEEDS),
      firstPublishedAt: first,
      lastPublishedAt: last,
    },
  };
}

/** The candidate most of a document's items went to, when more than it lists did. */
function flood(relevant: readonly ItemReport[]): PipelineReport['flood'] {
  const counts = new Map<string, number>();
  for (const report of relevant) {
    if (!report.candidateId || !['proposed', 'corroborates', 'summarised'].includes(report.verdict)) continue;
    counts.set(report.candidateId, (counts.get(report.candidateId) ?? 0) + 1);
  }
  let top: PipelineReport['flood'] = null;
  for (const [candidateId, items] of counts) {
    if (items > MAX_LISTED_CORROBORATIONS && (!top || items > top.items)) top = { candidateId, items };
  }
  return top;
}

function isConflict(error: unknown): boolean {
  return (
    error instanceof EventStoreError &&
    (error.code === 'STREAM_VERSION_CONFLICT' || error.code === 'IDEMPOTENCY_MISMATCH')
  );
}

function itemHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * The outlet items name: the title the feed was registered with, else the document's own
 * (channel) title, else the feed's host name.
 */
export function outletName(
  feed: Pick<PipelineFeed, 'title' | 'url'>,
  document: Pick<FeedDocument, 'title'>,
): string | null {
  const own = document.title?.trim();
  if (feed.title) return feed.title;
  if (own) return [...own].slice(0, 200).join('');
  if (!feed.url) return null;
  try {
    return new URL(feed.url).hostname || null;
  } catch {
    return null;
  }
}

function itemText(item: NormalisedItem): ItemText {
  return {
    title: item.title,
    excerpt: item.excerpt,
    language: item.language,
    publishedAt: item.publishedAt,
    publishedAtEstimated: item.publishedAtEstimated,
  };
}

function seenReport(item: NormalisedItem): ItemReport {
  return { item, verdict: 'seen', relevance: null, fields: null, candidateId: null, similarity: null };
}

function feedKey(feed: PipelineFeed): string {
  return feed.id ?? feed.url ?? 'document';
}

/** The evidence a reviewer reads: the cleaned item, where it came from, and when it was fetched. */
function candidateItem(feed: PipelineFeed, item: NormalisedItem, fetchedAt: Date): CandidateItem {
  return {
    feedId: feed.id,
    feedTitle: feed.title,
    guid: item.guid,
    guidIsFallback: item.guidIsFallback,
    link: item.link,
    title: item.title,
    excerpt: item.excerpt,
    publishedAt: item.publishedAt,
    publishedAtEstimated: item.publishedAtEstimated,
    language: item.language,
    fetchedAt: fetchedAt.toISOString(),
  };
}
