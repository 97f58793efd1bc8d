import { type AppConfig, APP_CONFIG } from '@app/config';
import { Clock } from '@app/event-store';
import { FeedService } from '@app/ingest';
import { ReviewQueries } from '@app/review';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { RoleRequired } from '../http/access.decorator';
import { feedSilence } from './feed-silence';

/** What the admin pages read beyond the feature APIs: feeds with their silence flag. Admins only. */
@ApiTags('admin')
@RoleRequired('admin')
@Controller('api/admin')
export class AdminController {
  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(ReviewQueries) private readonly candidates: ReviewQueries,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feeds')
  @ApiOperation({
    summary:
      'Every feed with its health and its silence flag: failing for FEED_SILENCE_FAILING, or no new item for FEED_SILENCE_DAYS',
  })
  async listFeeds() {
    const [feeds, newestByFeed] = await Promise.all([this.feeds.list({}), this.candidates.newestByFeed()]);
    const now = this.clock.now();
    const policy = this.config.feedSilence;
    return {
      policy: { failingMs: policy.failingMs, quietDays: policy.quietDays },
      feeds: feeds.map((feed) => {
        // Ingest's own record of the last new item, once its health carries one; until then the
        // newest candidate from the feed (which misses items that were new but not relevant).
        const recorded = (feed.health as { lastNewItemAt?: string | null }).lastNewItemAt;
        const lastNewItemAt = recorded ?? newestByFeed.get(feed.id) ?? null;
        return { ...feed, lastNewItemAt, silence: feedSilence(feed, lastNewItemAt, now, policy) };
      }),
    };
  }
}
