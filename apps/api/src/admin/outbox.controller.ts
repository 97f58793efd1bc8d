import { MailOutbox } from '@app/alerts';
import { Roles } from '@app/auth';
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

/**
 * The embedded mail outbox (MAIL_OUTBOX, where mail goes when SMTP_URL is not set), for admins:
 * the messages hold subscribers' addresses and their confirmation and unsubscribe links.
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No API key, or an invalid or revoked one' })
@ApiForbiddenResponse({ description: 'Not an admin key' })
@Roles('admin')
@Controller('api/admin/outbox')
export class OutboxController {
  constructor(@Inject(MailOutbox) private readonly outbox: MailOutbox) {}

  @Get()
  @ApiOperation({ summary: 'The mail outbox, newest first: id, to, subject, date of each message' })
  list() {
    return this.outbox.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One message of the outbox: its headers and its text' })
  @ApiNotFoundResponse({ description: 'No such message' })
  async get(@Param('id') id: string) {
    const message = await this.outbox.get(id);
    if (!message) {
      throw new NotFoundException({
        error: { code: 'NOT_FOUND', message: `No message ${id} in the outbox` },
      });
    }
    return message;
  }
}
