import { MailOutbox, OUTBOX_MESSAGE_ID } from '@app/alerts';
import { text } from '@app/event-store';
import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { RoleRequired } from '../http/access.decorator';
import { IdParam } from '../http/id-param.decorator';
import { responseFrom } from '../http/openapi';
import { outboxListResponse, outboxMessageResponse } from './outbox-responses.schema';

/**
 * The embedded mail outbox (MAIL_OUTBOX, where mail goes when SMTP_URL is not set), for admins:
 * the messages hold subscribers' addresses and their confirmation and unsubscribe links.
 */
@ApiTags('admin')
@RoleRequired('admin')
@Controller('api/admin/outbox')
export class OutboxController {
  constructor(@Inject(MailOutbox) private readonly outbox: MailOutbox) {}

  @Get()
  @ApiOperation({ summary: 'The mail outbox, newest first: id, to, subject, date of each message' })
  @responseFrom(outboxListResponse)
  async list() {
    return { messages: await this.outbox.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One message of the outbox: its headers and its text' })
  @ApiNotFoundResponse({ description: 'No such message' })
  @responseFrom(outboxMessageResponse)
  async get(@IdParam('id', text().regex(OUTBOX_MESSAGE_ID, 'is not an outbox message id')) id: string) {
    const message = await this.outbox.get(id);
    if (!message) {
      throw new NotFoundException({
        error: { code: 'NOT_FOUND', message: `No message ${id} in the outbox` },
      });
    }
    return message;
  }
}
