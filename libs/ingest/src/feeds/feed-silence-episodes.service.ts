import { type AppConfig, APP_CONFIG } from '@app/config';
import { Database } from '@app/database';
import { IdGenerator } from '@app/event-store';
import { Inject, Injectable } from '@nestjs/common';

import { FeedService } from './feed.service';
import { type FeedSilenceKind, feedSilence, silenceEpisodeChanges } from './feed-silence';

/** A silence episode not reported yet, with what a notice needs to name its feed. */
export interface SilenceEpisode {
  id: string;
  feedId: string;
  feedTitle: string | null;
  feedUrl: string;
  kind: FeedSilenceKind;
  since: string;
  message: string;
  startedAt: string;
}

type EpisodeRow = {
  id: string;
  feed_id: string;
  kind: FeedSilenceKind;
  since: string;
  message: string;
  started_at: string;
  title: string | null;
  url: string;
};

/**
 * Feed silence episodes (`feed_silence_episodes`, operational state): each check computes every
 * polled feed's silence (FEED_SILENCE_FAILING, FEED_SILENCE_DAYS), ends the episodes of feeds that
 * recovered (or were paused or removed), and records each new one once (unique per feed, kind and
 * since, so two workers checking at once record it once). Whoever reports them marks them reported.
 */
@Injectable()
export class FeedSilenceEpisodes {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Brings the episodes up to date at `now`; answers the open ones not reported yet. */
  async check(now: Date): Promise<SilenceEpisode[]> {
    const feeds = await this.feeds.list({ status: 'active' });
    const silences = new Map(feeds.map((feed) => [feed.id, feedSilence(feed, now, this.config.feedSilence)]));
    const at = now.toISOString();
    await this.database.transaction(async (tx) => {
      const open = (
        await tx.query<Pick<EpisodeRow, 'id' | 'feed_id' | 'kind' | 'since'>>(
          'SELECT id, feed_id, kind, since FROM feed_silence_episodes WHERE ended_at IS NULL',
        )
      ).map((row) => ({ id: row.id, feedId: row.feed_id, kind: row.kind, since: row.since }));
      const { ended, begun } = silenceEpisodeChanges(open, silences);
      for (const episode of ended) {
        await tx.execute('UPDATE feed_silence_episodes SET ended_at = $2 WHERE id = $1', [episode.id, at]);
      }
      for (const episode of begun) {
        // The same silence seen again after a pause is the same episode: open again, not reported again.
        await tx.execute(
          `INSERT INTO feed_silence_episodes (id, feed_id, kind, since, message, started_at, ended_at, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)
           ON CONFLICT (feed_id, kind, since) DO UPDATE SET ended_at = NULL`,
          [this.ids.next(), episode.feedId, episode.kind, episode.since, episode.message, at],
        );
      }
    });
    const rows = await this.database.query<EpisodeRow>(
      `SELECT e.id, e.feed_id, e.kind, e.since, e.message, e.started_at, f.title, f.url
       FROM feed_silence_episodes e JOIN feeds f ON f.id = e.feed_id
       WHERE e.ended_at IS NULL AND e.reported_at IS NULL ORDER BY e.started_at, e.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      feedId: row.feed_id,
      feedTitle: row.title,
      feedUrl: row.url,
      kind: row.kind,
      since: row.since,
      message: row.message,
      startedAt: row.started_at,
    }));
  }

  async markReported(episodeId: string, at: Date): Promise<void> {
    await this.database.execute('UPDATE feed_silence_episodes SET reported_at = $2 WHERE id = $1', [
      episodeId,
      at.toISOString(),
    ]);
  }
}
