import { type AppConfig, APP_CONFIG } from '@app/config';
import { Clock } from '@app/event-store';
import { feedSilence, FeedService } from '@app/ingest';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { adminFeedListResponse } from '../feeds/feed-responses.schema';
import { RoleRequired } from '../http/access.decorator';
import { responseFrom } from '../http/openapi';

/** What the admin pages read beyond the feature APIs: feeds with their silence flag. Admins only. */
@ApiTags('admin')
@RoleRequired('admin')
@Controller('api/admin')
export class AdminController {
  constructor(
    @Inject(FeedService) private readonly feeds: FeedService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feeds')
  @ApiOperation({
    summary:
      'Every feed with its health and its silence flag: failing for FEED_SILENCE_FAILING, or no new item for FEED_SILENCE_DAYS',
  })
  @responseFrom(adminFeedListResponse)
  async listFeeds() {
    const feeds = await this.feeds.list({});
    const now = this.clock.now();
    const policy = this.config.feedSilence;
    return {
      policy: { failingMs: policy.failingMs, quietDays: policy.quietDays },
      // Quiet is read from the feed's health: ingest records when a poll last brought a candidate.
      feeds: feeds.map((feed) => ({ ...feed, silence: feedSilence(feed, now, policy) })),
    };
  }
}
