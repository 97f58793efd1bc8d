import { NoticeService, type OperationalNotice } from '@app/alerts';
import { Clock } from '@app/event-store';
import { FeedSilenceEpisodes, type SilenceEpisode } from '@app/ingest';
import { Inject, Injectable, Logger } from '@nestjs/common';

/**
 * Feed silence, told to admins: ingest keeps the episodes (a feed failing, or quiet for days), the
 * alerts' notices deliver them to the subscriptions that opted in to `feed-silence`. An episode is
 * marked reported only once its notice and deliveries are recorded, and recording is idempotent
 * (the notice id is the episode id), so a crash in between sends it once on the next run.
 */
@Injectable()
export class FeedSilenceReport {
  private readonly logger = new Logger('FeedSilence');

  constructor(
    @Inject(FeedSilenceEpisodes) private readonly episodes: FeedSilenceEpisodes,
    @Inject(NoticeService) private readonly notices: NoticeService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(): Promise<{ reported: number }> {
    const now = this.clock.now();
    const episodes = await this.episodes.check(now);
    for (const episode of episodes) {
      await this.notices.report(silenceNotice(episode));
      await this.episodes.markReported(episode.id, now);
      this.logger.warn(`Feed ${episode.feedTitle ?? episode.feedUrl} is silent: ${episode.message}`);
    }
    return { reported: episodes.length };
  }
}

/** Pure: the notice of one silence episode (webhook type `feed.silent`). */
export function silenceNotice(episode: SilenceEpisode): OperationalNotice {
  const name = episode.feedTitle ?? new URL(episode.feedUrl).host;
  return {
    id: episode.id,
    kind: 'feed-silence',
    type: 'feed.silent',
    subject: `Feed ${episode.kind === 'failing' ? 'failing' : 'quiet'}: ${name}`,
    body: [
      `The feed ${name} (${episode.feedUrl}) is silent.`,
      episode.message,
      'It is flagged on the admin page (/admin) until it recovers; pause it there if that is expected.',
    ].join('\n'),
    data: {
      feed: { id: episode.feedId, title: episode.feedTitle, url: episode.feedUrl },
      silence: { kind: episode.kind, since: episode.since, message: episode.message },
    },
    occurredAt: episode.since,
  };
}
