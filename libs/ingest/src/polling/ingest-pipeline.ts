import { createHash } from 'node:crypto';

import { type AppConfig, APP_CONFIG } from '@app/config';
import { type AppendRequest, EventStoreError, type NewEvent } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';

import {
  type CandidateIngestEvent,
  type CandidateItem,
  candidateStreamId,
  type ProposedFields,
  type Relevance,
} from '../candidate-events';
import { DedupeBatch } from '../dedupe/dedupe-batch';
import { DedupeLookup } from '../dedupe/dedupe-lookup.service';
import { type FeedDocument, type NormalisedItem, normaliseItem, readFeed } from '../reading';
import {
  assessRelevance,
  DEFAULT_BORDERLINE_MARGIN,
  DEFAULT_RELEVANCE_THRESHOLD,
  extractFields,
  type ItemText,
  type RelevanceModel,
} from '../relevance';
import { RelevanceModelService } from '../relevance/model/relevance-model.service';

/** Fixed namespace: a candidate's id is derived from its feed and GUID, so a retried poll agrees. */
const CANDIDATE_NAMESPACE = '0b5f3c2e-6d1a-4c8e-9f27-5a4e1d3b7c90';
const ACTOR = 'system:ingest';
const MAX_ATTEMPTS = 3;

/** The feed a document came from; all null for a file read by `feeds try`. */
export interface PipelineFeed {
  id: string | null;
  url: string | null;
  title: string | null;
  language: string | null;
}

export type ItemVerdict =
  'proposed' | 'borderline' | 'corroborates' | 'duplicate' | 'rejected-before' | 'irrelevant' | 'seen';

/** What became of one item, and why: what `feeds try` prints and the worker logs. */
export interface ItemReport {
  item: NormalisedItem;
  verdict: ItemVerdict;
  /** Null only for an item this feed had shown before (not scored again). */
  relevance: Relevance | null;
  /** What extraction proposes, for relevant items. */
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
}

/**
 * Where the pipeline's results go. The worker's sink reads what the feed has shown before and
 * appends to the log; `feeds try` has one that reads nothing of the feed and writes nothing.
 */
export interface PipelineSink {
  readonly dryRun: boolean;
  /** Which of these GUIDs this feed has shown before. */
  seen(feedId: string | null, guids: readonly string[]): Promise<Set<string>>;
  /** Runs dedupe and the append with no other writer of candidates in between. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Appends, atomically; returns how many events were new. */
  append(requests: AppendRequest[]): Promise<number>;
}

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

  /** Reads the bytes as a feed (throws FeedReadError when they are not one) and processes it. */
  async run(
    feed: PipelineFeed,
    bytes: Buffer,
    contentType: string | null,
    fetchedAt: Date,
    sink: PipelineSink,
  ): Promise<PipelineReport> {
    return this.process(feed, await readFeed(bytes, contentType), fetchedAt, sink);
  }

  async process(
    feed: PipelineFeed,
    document: FeedDocument,
    fetchedAt: Date,
    sink: PipelineSink,
  ): Promise<PipelineReport> {
    const { items: raw, ...about } = document;
    const context = {
      fetchedAt,
      feedLink: document.link ?? feed.url,
      feedLanguage: feed.language ?? document.language,
    };
    const items: NormalisedItem[] = [];
    const guids = new Set<string>();
    for (const rawItem of raw) {
      const item = normaliseItem(rawItem, context);
      if (!item || guids.has(item.guid)) continue;
      guids.add(item.guid);
      items.push(item);
    }
    const seen = await sink.seen(feed.id, [...guids]);
    const model = await this.models.current();
    const reports = items.map((item) => (seen.has(item.guid) ? seenReport(item) : this.score(item, model)));
    // Borderline items are proposed too, to the reviewers' tray: nothing relevant is dropped silently.
    const relevant = reports.filter((r) => r.verdict !== 'irrelevant' && r.verdict !== 'seen');
    const appended = relevant.length === 0 ? 0 : await this.settle(feed, relevant, fetchedAt, sink);
    return { document: about, items: reports, skipped: raw.length - items.length, appended };
  }

  private score(item: NormalisedItem, model: RelevanceModel): ItemReport {
    const text: ItemText = {
      title: item.title,
      excerpt: item.excerpt,
      language: item.language,
      publishedAt: item.publishedAt,
      publishedAtEstimated: item.publishedAtEstimated,
    };
    const relevance = assessRelevance(text, { threshold: this.threshold, margin: this.margin, model });
    const proposed = relevance.verdict !== 'irrelevant';
    return {
      item,
      verdict: relevance.verdict === 'borderline' ? 'borderline' : proposed ? 'proposed' : 'irrelevant',
      relevance,
      fields: proposed ? extractFields(text, relevance) : null,
      candidateId: null,
      similarity: null,
    };
  }

  /**
   * Dedupe and append, under the sink's lock. When another writer got in first anyway (another
   * process proposing the same item), the append is refused as a whole and dedupe runs again.
   */
  private async settle(
    feed: PipelineFeed,
    relevant: ItemReport[],
    fetchedAt: Date,
    sink: PipelineSink,
  ): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await sink.exclusive(async () => sink.append(await this.dedupe(feed, relevant, fetchedAt)));
      } catch (error) {
        const conflict =
          error instanceof EventStoreError &&
          (error.code === 'STREAM_VERSION_CONFLICT' || error.code === 'IDEMPOTENCY_MISMATCH');
        if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async dedupe(
    feed: PipelineFeed,
    relevant: ItemReport[],
    fetchedAt: Date,
  ): Promise<AppendRequest[]> {
    const items = relevant.map((report) => candidateItem(feed, report.item, fetchedAt));
    const batch = await DedupeBatch.open(this.lookup, items);
    const streams = new Map<string, AppendRequest>();
    const add = (candidateId: string, expectedVersion: 0 | 'any', event: NewEvent) => {
      const streamId = candidateStreamId(candidateId);
      const request = streams.get(streamId) ?? { streamId, expectedVersion, events: [] };
      streams.set(streamId, { ...request, events: [...request.events, event] });
    };
    const metadata = { actor: ACTOR, ...(feed.url ? { source: feed.url } : {}) };
    for (const [i, report] of relevant.entries()) {
      const item = items[i]!;
      const verdict = batch.judge(item);
      report.similarity = null;
      switch (verdict.kind) {
        case 'propose': {
          const candidateId = uuidv5(`${feedKey(feed)}|${item.guid}`, CANDIDATE_NAMESPACE);
          const event: CandidateIngestEvent = {
            type: 'CandidateProposed',
            data: { candidateId, item, relevance: report.relevance, proposed: report.fields! },
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
          const event: CandidateIngestEvent = {
            type: 'CandidateCorroborated',
            data: { candidateId, item, similarity },
          };
          const itemHash = createHash('sha256')
            .update(`${feedKey(feed)}|${item.guid}`)
            .digest('hex')
            .slice(0, 16);
          add(candidateId, 'any', {
            eventId: `candidate-corroborated-${candidateId}-${itemHash}`,
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
    return [...streams.values()];
  }
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
