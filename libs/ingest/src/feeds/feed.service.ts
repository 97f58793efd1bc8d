import { Database } from '@app/database';
import { Clock, CommandHandler, EventStore, EventStoreError } from '@app/event-store';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';

import { IngestError } from '../ingest.error';
import { healthStatus, INITIAL_POLL_STATE } from '../polling/poll-state';
import { redactUrl } from '../polling/redact-url';
import { type FeedCommand, feedDecider } from './feed-decider';
import { type FeedChanges, type FeedOrigin, feedStreamId } from './feed-events';
import { feedIdFor } from './feed-id';
import { FeedStateStore } from './feed-state.service';
import type { FeedStatus, FeedView } from './feed-view';

/** Who registers, updates or removes a feed. */
export interface FeedActor {
  /** `key:<id>`, `cli`, `config` or `system:ingest`: recorded as the event's actor and as `by`. */
  actor: string;
}

export interface FeedInput {
  url: string;
  title?: string | null;
  language?: string | null;
}

const urlSchema = z
  .string()
  .trim()
  .max(2000, 'at most 2000 characters')
  .refine((url) => feedIdFor(url) !== null, 'must be an absolute http or https URL');
const titleSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'at most 200 characters')
  .nullable();
const languageSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en, ru or zh-CN')
  .nullable();
const reasonSchema = z.string().trim().min(3, 'must say why (3 characters at least)').max(2000);

type FeedRow = {
  id: string;
  url: string;
  title: string | null;
  language: string | null;
  origin: FeedOrigin;
  active: number | string;
  registered_at: string;
  registered_by: string;
  updated_at: string;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
  paused_at: string | null;
  paused_by: string | null;
  paused_reason: string | null;
};
const FEED_COLUMNS =
  'id, url, title, language, origin, active, registered_at, registered_by, updated_at, removed_at, removed_by, ' +
  'removed_reason, paused_at, paused_by, paused_reason';
/** The SQL condition of each status: paused feeds are active (registered) ones with a pause. */
const STATUS_WHERE: Record<FeedStatus, string> = {
  active: 'active = 1 AND paused_at IS NULL',
  paused: 'active = 1 AND paused_at IS NOT NULL',
  removed: 'active = 0',
};

/**
 * Feeds: registered, updated and removed through events on `feed-<id>` streams; read with their
 * health. Knows nothing of queues: whoever schedules polling (the API, the worker) does so after.
 */
@Injectable()
export class FeedService {
  private readonly logger = new Logger(FeedService.name);

  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(CommandHandler) private readonly commands: CommandHandler,
    @Inject(Database) private readonly database: Database,
    @Inject(FeedStateStore) private readonly states: FeedStateStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Registers a feed (or registers a removed one again). FEED_EXISTS when it is active already. */
  async register(input: FeedInput, origin: FeedOrigin, by: FeedActor): Promise<FeedView> {
    const url = parse(urlSchema, input.url, 'url');
    const feedId = feedIdFor(url)!;
    const wasRegistered = (await this.events.streamVersion(feedStreamId(feedId))) > 0;
    await this.execute(
      {
        kind: 'register',
        feedId,
        url,
        title: parse(titleSchema, input.title ?? null, 'title'),
        language: parse(languageSchema, input.language ?? null, 'language'),
        origin,
        by: by.actor,
      },
      by,
    );
    if (wasRegistered) await this.states.restart(feedId, this.clock.now());
    this.logger.log(`Feed ${feedId} registered (${redactUrl(url)}) by ${by.actor}`);
    return this.get(feedId);
  }

  /**
   * Registers each feed of a configuration file that was never registered. One an admin removed
   * stays removed, and one registered already is left as it is: starting again changes nothing.
   */
  async registerDefaults(
    feeds: readonly FeedInput[],
  ): Promise<{ added: string[]; present: number; invalid: string[] }> {
    const added: string[] = [];
    const invalid: string[] = [];
    let present = 0;
    for (const feed of feeds) {
      const feedId = feedIdFor(feed.url);
      if (feedId && (await this.events.streamVersion(feedStreamId(feedId))) > 0) {
        present += 1;
        continue;
      }
      try {
        added.push((await this.register(feed, 'config', { actor: 'config' })).id);
      } catch (error) {
        // Another process starting at the same moment registered it first.
        if (error instanceof EventStoreError && error.code === 'STREAM_VERSION_CONFLICT') present += 1;
        else if (error instanceof IngestError && error.code === 'FEED_EXISTS') present += 1;
        else if (error instanceof IngestError && error.code === 'INVALID_FEED') {
          invalid.push(`${JSON.stringify(feed.url)}: ${error.message}`);
        } else throw error;
      }
    }
    return { added, present, invalid };
  }

  async update(feedId: string, changes: FeedChanges, by: FeedActor): Promise<FeedView> {
    const checked: FeedChanges = {};
    if (changes.title !== undefined) checked.title = parse(titleSchema, changes.title, 'title');
    if (changes.language !== undefined)
      checked.language = parse(languageSchema, changes.language, 'language');
    await this.execute({ kind: 'update', feedId, changes: checked, by: by.actor }, by);
    return this.get(feedId);
  }

  async remove(feedId: string, reason: string, by: FeedActor): Promise<FeedView> {
    await this.execute(
      { kind: 'remove', feedId, reason: parse(reasonSchema, reason, 'reason'), by: by.actor },
      by,
    );
    this.logger.log(`Feed ${feedId} removed by ${by.actor}: ${reason}`);
    return this.get(feedId);
  }

  /** Stops polling a feed until it is resumed (FEED_PAUSED when it is paused already). */
  async pause(feedId: string, reason: string, by: FeedActor): Promise<FeedView> {
    await this.execute(
      { kind: 'pause', feedId, reason: parse(reasonSchema, reason, 'reason'), by: by.actor },
      by,
    );
    this.logger.log(`Feed ${feedId} paused by ${by.actor}: ${reason}`);
    return this.get(feedId);
  }

  /** Polls a paused feed again (FEED_NOT_PAUSED when it is not paused). */
  async resume(feedId: string, by: FeedActor): Promise<FeedView> {
    await this.execute({ kind: 'resume', feedId, by: by.actor }, by);
    this.logger.log(`Feed ${feedId} resumed by ${by.actor}`);
    return this.get(feedId);
  }

  /** A feed id from an id or from the URL it was registered with. */
  resolveId(idOrUrl: string): string {
    const trimmed = idOrUrl.trim();
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed))
      return trimmed.toLowerCase();
    const feedId = feedIdFor(trimmed);
    if (!feedId) throw new IngestError('FEED_NOT_FOUND', `No feed ${trimmed}: give a feed id or its URL`);
    return feedId;
  }

  async get(feedId: string): Promise<FeedView> {
    const [row] = await this.database.query<FeedRow>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE id = $1`, [
      feedId,
    ]);
    if (!row) throw new IngestError('FEED_NOT_FOUND', `No feed ${feedId}`, { feedId });
    return toView(row, await this.states.get(feedId));
  }

  /** The feed as the poller needs it, or undefined when there is none. */
  async find(feedId: string): Promise<FeedView | undefined> {
    return this.get(feedId).catch((error: unknown) => {
      if (error instanceof IngestError && error.code === 'FEED_NOT_FOUND') return undefined;
      throw error;
    });
  }

  /** What polling needs of a feed (no health): undefined when there is no such feed. */
  async target(
    feedId: string,
  ): Promise<Pick<FeedView, 'id' | 'url' | 'title' | 'language' | 'status'> | undefined> {
    const [row] = await this.database.query<
      Pick<FeedRow, 'id' | 'url' | 'title' | 'language' | 'active' | 'paused_at'>
    >('SELECT id, url, title, language, active, paused_at FROM feeds WHERE id = $1', [feedId]);
    if (!row) return undefined;
    const { active, paused_at, ...feed } = row;
    return { ...feed, status: statusOf(active, paused_at) };
  }

  /** Every feed, active ones first, each with its health. */
  async list(options: { status?: FeedStatus } = {}): Promise<FeedView[]> {
    const where = options.status ? `WHERE ${STATUS_WHERE[options.status]}` : '';
    const rows = await this.database.query<FeedRow>(
      `SELECT ${FEED_COLUMNS} FROM feeds ${where} ORDER BY active DESC, registered_at, id`,
    );
    const states = await this.states.all();
    return rows.map((row) => toView(row, states.get(row.id) ?? INITIAL_POLL_STATE));
  }

  /** The ids of active, unpaused feeds: what the scheduler keeps a job scheduler for. */
  async polledIds(): Promise<string[]> {
    const rows = await this.database.query<{ id: string }>(
      `SELECT id FROM feeds WHERE ${STATUS_WHERE.active} ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }

  /** The feed's decider through the one command handler (read, fold, decide, append, retry). */
  private async execute(command: FeedCommand, by: FeedActor): Promise<void> {
    await this.commands.handle(feedDecider, feedStreamId(command.feedId), command, {
      metadata: { actor: by.actor },
    });
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new IngestError('INVALID_FEED', `${field}: ${result.error.issues[0]!.message}`, { field });
}

function statusOf(active: number | string, pausedAt: string | null): FeedStatus {
  if (Number(active) !== 1) return 'removed';
  return pausedAt ? 'paused' : 'active';
}

function toView(row: FeedRow, state: typeof INITIAL_POLL_STATE): FeedView {
  const status = statusOf(row.active, row.paused_at);
  const active = status !== 'removed';
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    language: row.language,
    origin: row.origin,
    status,
    registeredAt: row.registered_at,
    registeredBy: row.registered_by,
    updatedAt: row.updated_at,
    removedAt: row.removed_at,
    removedBy: row.removed_by,
    removedReason: row.removed_reason,
    pausedAt: row.paused_at,
    pausedBy: row.paused_by,
    pausedReason: row.paused_reason,
    health: {
      status: healthStatus(state, active, status === 'paused'),
      lastPolledAt: state.lastPolledAt,
      lastSuccessAt: state.lastSuccessAt,
      lastHttpStatus: state.lastStatus,
      lastError: state.lastError,
      lastErrorAt: state.lastErrorAt,
      consecutiveFailures: state.consecutiveFailures,
      nextPollAt: status === 'active' ? state.nextPollAt : null,
      itemsSeen: state.itemsSeen,
      itemsProposed: state.itemsProposed,
      itemsCorroborated: state.itemsCorroborated,
      lastWarning: state.lastWarning,
      lastWarningAt: state.lastWarningAt,
      lastNewItemAt: state.lastNewItemAt,
    },
  };
}
