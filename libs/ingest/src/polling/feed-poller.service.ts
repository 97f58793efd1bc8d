import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database } from '@app/database';
import { Clock, EventStore } from '@app/event-store';
import type { JobPayloads, QUEUES } from '@app/runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';

import { FeedService } from '../feeds/feed.service';
import { FeedStateStore } from '../feeds/feed-state.service';
import type { FeedView } from '../feeds/feed-view';
import { IngestError } from '../ingest.error';
import { FeedReadError } from '../reading';
import { FeedFetcher } from './feed-fetcher';
import { FeedScheduler } from './feed-scheduler.service';
import { HostPoliteness } from './host-politeness';
import { MAX_LISTED_CORROBORATIONS } from '../dedupe/dedupe-batch';
import { IngestPipeline, type PipelineReport, type PipelineSink } from './ingest-pipeline';
import { logSink } from './log-sink';
import { afterPoll, type FeedPollState, isDue, MAX_BACKOFF_MS, type PollOutcome } from './poll-state';
import { redactUrls } from './redact-url';

type FeedPollJob = JobPayloads[typeof QUEUES.feedPoll];
type PollTarget = Pick<FeedView, 'id' | 'url' | 'title' | 'language'>;

/** What one poll job did: the job's return value, kept with the job in Redis for a while. */
export type PollSummary =
  | { kind: 'skipped'; reason: 'removed' | 'paused' | 'not-due'; nextPollAt?: string | null }
  | { kind: 'host-busy'; waitMs: number }
  | {
      kind: 'polled';
      outcome: PollOutcome['kind'];
      status: number | null;
      error?: string;
      items?: number;
      proposed?: number;
      corroborated?: number;
      warning?: string;
    };

const GONE_REASON = 'HTTP 410 Gone: the publisher withdrew the feed';

/**
 * Polls one feed: due? → polite to its host? → conditional GET → pipeline → feed_state. A document
 * read is settled in one transaction (dedupe, the append, the feed's state and seen items); other
 * outcomes are saved by the state store's group commit. Whatever the network or the publisher does
 * ends as a recorded outcome (health, backoff) and one calm log line, with URLs redacted; only the
 * database or Redis failing throws, and then BullMQ tries the job again.
 */
@Injectable()
export class FeedPoller {
  private readonly logger = new Logger(FeedPoller.name);
  private readonly sink: PipelineSink;
  private readonly policy: { intervalMs: number; maxBackoffMs: number };

  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(FeedStateStore) private readonly states: FeedStateStore,
    @Inject(FeedFetcher) private readonly fetcher: FeedFetcher,
    @Inject(IngestPipeline) private readonly pipeline: IngestPipeline,
    @Inject(FeedScheduler) private readonly scheduler: FeedScheduler,
    @Inject(HostPoliteness) private readonly politeness: HostPoliteness,
    @Inject(Database) database: Database,
    @Inject(EventStore) events: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sink = logSink(database, states, events);
    this.policy = { intervalMs: config.ingest.pollIntervalMs, maxBackoffMs: MAX_BACKOFF_MS };
  }

  /** The processor's job: a job that finds the host busy waits in the delayed set, not failed. */
  async handle(job: Job<FeedPollJob>, token?: string): Promise<PollSummary> {
    const summary = await this.poll(job.data.feedId);
    if (summary.kind === 'host-busy') {
      await job.moveToDelayed(Date.now() + summary.waitMs, token);
      throw new DelayedError();
    }
    return summary;
  }

  async poll(feedId: string): Promise<PollSummary> {
    const feed = await this.feeds.target(feedId);
    if (!feed || feed.status !== 'active') {
      // A tick already queued when the feed was paused or removed: stop, and drop its scheduler.
      await this.scheduler.unschedule(feedId);
      return { kind: 'skipped', reason: feed?.status === 'paused' ? 'paused' : 'removed' };
    }
    const state = await this.states.get(feedId);
    const startedAt = this.clock.now();
    if (!isDue(state, startedAt, this.policy.intervalMs)) {
      return { kind: 'skipped', reason: 'not-due', nextPollAt: state.nextPollAt };
    }
    const waitMs = await this.politeness.claim(feed.url);
    if (waitMs > 0) return { kind: 'host-busy', waitMs };

    const fetched = await this.fetcher
      .fetch(feed.url, state, startedAt)
      .finally(() => this.politeness.done(feed.url));
    let outcome: PollOutcome;
    let next: FeedPollState | undefined;
    let report: PipelineReport | undefined;
    switch (fetched.kind) {
      case 'ok':
        try {
          report = await this.pipeline.run(
            { id: feed.id, url: feed.url, title: feed.title, language: feed.language },
            fetched.body,
            fetched.contentType,
            startedAt,
            this.sink,
            // In the poll's own transaction: the feed's state commits with its candidates.
            async (done, tx) => {
              const polled = fetchedOutcome(fetched, done);
              next = await this.states.recordIn(
                tx,
                feed.id,
                (current) => afterPoll(current, polled, startedAt, this.policy),
                newGuids(done),
                startedAt,
              );
            },
          );
          outcome = fetchedOutcome(fetched, report);
        } catch (error) {
          if (!(error instanceof FeedReadError)) throw error;
          next = undefined;
          outcome = { kind: 'failed', status: fetched.status, error: `${error.code}: ${error.message}` };
        }
        break;
      case 'gone':
        outcome = fetched;
        await this.feeds.remove(feed.id, GONE_REASON, { actor: 'system:ingest' }).catch((error: unknown) => {
          // Removed meanwhile by an admin: the outcome is the same.
          if (!(error instanceof IngestError && error.code === 'FEED_NOT_FOUND')) throw error;
        });
        await this.scheduler.unschedule(feed.id);
        break;
      default:
        outcome = fetched;
    }
    next ??= await this.states.record(
      feed.id,
      (current) => afterPoll(current, outcome, startedAt, this.policy),
      [],
      startedAt,
    );
    if (report) await this.learnTitle(feed, report);
    this.say(feed, outcome, next);
    return {
      kind: 'polled',
      outcome: outcome.kind,
      status: next.lastStatus,
      ...(outcome.kind === 'fetched'
        ? { items: report?.items.length ?? 0, proposed: outcome.proposed, corroborated: outcome.corroborated }
        : {}),
      ...(outcome.kind === 'fetched' && outcome.warning ? { warning: outcome.warning } : {}),
      ...(outcome.kind === 'failed' || outcome.kind === 'throttled'
        ? { error: next.lastError ?? undefined }
        : {}),
    };
  }

  /** A feed registered by URL alone takes the title (and language) the document gives itself. */
  private async learnTitle(feed: PollTarget, report: PipelineReport): Promise<void> {
    const title = [...(report.document.title?.trim() ?? '')].slice(0, 200).join('') || null;
    const language = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(report.document.language ?? '')
      ? report.document.language
      : null;
    const changes = {
      ...(feed.title === null && title ? { title } : {}),
      ...(feed.language === null && language ? { language } : {}),
    };
    if (Object.keys(changes).length === 0) return;
    try {
      await this.feeds.update(feed.id, changes, { actor: 'system:ingest' });
    } catch (error) {
      // A title is a nicety: an admin editing the feed at this moment, or removing it, wins.
      this.logger.warn(
        `Feed ${feed.id}: could not record its title: ${redactUrls((error as Error).message)}`,
      );
    }
  }

  private say(feed: PollTarget, outcome: PollOutcome, state: FeedPollState): void {
    const name = redactUrls(feed.title ? `${feed.title} (${feed.url})` : feed.url);
    switch (outcome.kind) {
      case 'fetched':
        this.logger.log(
          `Feed ${name}: ${outcome.newItems} new item(s), ${outcome.proposed} proposed, ${outcome.corroborated} corroborating`,
        );
        if (outcome.warning) this.logger.warn(`Feed ${name}: ${redactUrls(outcome.warning)}`);
        return;
      case 'not-modified':
        this.logger.debug(`Feed ${name}: not modified`);
        return;
      case 'gone':
        this.logger.warn(`Feed ${name}: ${GONE_REASON}; it is removed and no longer polled`);
        return;
      default:
        this.logger.warn(
          `Feed ${name} unavailable: ${redactUrls(state.lastError ?? '')}; ${state.consecutiveFailures} failure(s) in a row, next try after ${state.nextPollAt}`,
        );
    }
  }
}

/** The outcome of a poll that read its document, from what the pipeline made of it. */
function fetchedOutcome(
  fetched: { status: number; etag: string | null; lastModified: string | null },
  report: PipelineReport,
): PollOutcome {
  let proposed = 0;
  let corroborated = 0;
  let fresh = 0;
  let candidates = 0;
  for (const item of report.items) {
    if (item.verdict !== 'seen') fresh += 1;
    if (item.verdict === 'proposed') proposed += 1;
    if (item.verdict === 'proposed' || item.verdict === 'borderline') candidates += 1;
    if (item.verdict === 'corroborates' || item.verdict === 'summarised') corroborated += 1;
  }
  return {
    kind: 'fetched',
    status: fetched.status,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    newItems: fresh,
    proposed,
    corroborated,
    candidates,
    warning: pollWarning(report),
  };
}

/** What the feed's health says about a poll that worked but found something wrong. */
export function pollWarning(report: Pick<PipelineReport, 'flood' | 'storeErrors'>): string | null {
  const parts: string[] = [];
  if (report.flood) {
    parts.push(
      `Flood: ${report.flood.items} near-identical items of one poll told the same story ` +
        `(candidate ${report.flood.candidateId}); it lists ${MAX_LISTED_CORROBORATIONS} of them as sources and counts the rest`,
    );
  }
  if (report.storeErrors.length > 0) {
    parts.push(
      `${report.storeErrors.length} item(s) could not be stored, the others were: ${report.storeErrors.slice(0, 3).join('; ')}`,
    );
  }
  return parts.length > 0 ? parts.join('. ') : null;
}

/** The items this poll saw for the first time: what `feed_items_seen` records. */
function newGuids(report: PipelineReport): string[] {
  // An item the database refused is not marked seen: the next poll tries it again.
  return report.items
    .filter((i) => i.verdict !== 'seen' && i.verdict !== 'not-stored')
    .map((i) => i.item.guid);
}
