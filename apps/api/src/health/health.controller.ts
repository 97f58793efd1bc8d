import { Database } from '@app/database';
import { EventStore } from '@app/event-store';
import { RedisHealth } from '@app/runtime';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

/** Whether this process can do its work: 200 when the database and Redis answer, 503 otherwise. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(RedisHealth) private readonly redis: RedisHealth,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Database and Redis status' })
  async check(@Res({ passthrough: true }) response: Response) {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.redis.check()]);
    const ok = database.status === 'up' && redis.status === 'up';
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database, redis };
  }

  private async checkDatabase() {
    try {
      const head = await this.events.head();
      return { status: 'up' as const, kind: this.database.kind, logPosition: head.position };
    } catch (error) {
      return { status: 'down' as const, kind: this.database.kind, error: (error as Error).message };
    }
  }
}
