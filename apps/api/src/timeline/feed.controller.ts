import { type AppConfig, APP_CONFIG } from '@app/config';
import { PublicRead } from '@app/auth';
import { renderExport, TimelineQueries } from '@app/timeline';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

const FEED_SIZE = 100;

/** `GET /feed.atom`: the newest additions to the timeline, for feed readers. */
@ApiTags('timeline')
@Controller()
export class FeedController {
  constructor(
    @Inject(TimelineQueries) private readonly queries: TimelineQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feed.atom')
  @PublicRead()
  @ApiOperation({ summary: 'Atom feed of the newest approved additions' })
  async atom(@Res({ passthrough: true }) response: Response): Promise<string> {
    const entries = await this.queries.newest(FEED_SIZE);
    const rendered = renderExport('atom', entries, {
      baseUrl: this.config.http.publicBaseUrl,
      generatedAt: new Date(),
      title: 'China–Central Asia security timeline: new entries',
    });
    response.setHeader('Content-Type', rendered.contentType);
    return rendered.body;
  }
}
