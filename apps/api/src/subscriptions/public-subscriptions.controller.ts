import { ConfirmationQueueError, EmailSubscriptions, filtersSchema } from '@app/alerts';
import { text } from '@app/event-store';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { z } from 'zod';

import { bodyFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  confirmAskPage,
  confirmedPage,
  confirmInvalidPage,
  PAGE_CONTENT_SECURITY_POLICY,
  unsubscribeAskPage,
  unsubscribedPage,
  unsubscribeInvalidPage,
} from './subscription-pages';

const SignUpBody = z.strictObject({
  email: text().trim().max(320).email('must be an email address'),
  filters: filtersSchema,
  mode: z.enum(['instant', 'daily']).default('instant'),
});

/** RFC 8058's one-click body, which mail programs send; the page's button sends none. */
const UnsubscribeBody = z.strictObject({ 'List-Unsubscribe': z.literal('One-Click').optional() });

const TokenQuery = z.object({ token: text().max(200).default('') });

/**
 * Sign-ups from the public form, per client address: a handful a minute is plenty for a person,
 * and too few to mail-bomb anyone. A counter of its own (the key), apart from other writes.
 */
const SIGN_UP_LIMIT = 5;
const SIGN_UP_THROTTLE = {
  writes: {
    limit: SIGN_UP_LIMIT,
    ttl: 60_000,
    generateKey: (_context: unknown, tracker: string) => `email-sign-up|${tracker}`,
  },
};

const ACCEPTED = {
  status: 'accepted',
  message:
    'Check your inbox: if this address can receive alerts, a link to confirm them is on its way. ' +
    'Nothing is sent before you follow it.',
} as const;

/**
 * Email alerts without an API key (DESIGN.md section 7): the timeline page's sign-up form, the
 * confirmation link, and the unsubscribe link of every alert (RFC 8058 one-click). The sign-up
 * answers the same whatever the address's state, so it tells nobody who is subscribed. A GET never
 * changes anything: confirming and unsubscribing take a POST from the page a link opens, since mail
 * scanners follow links.
 */
@ApiTags('subscriptions')
@Controller()
export class PublicSubscriptionsController {
  private readonly logger = new Logger('Alerts');

  constructor(@Inject(EmailSubscriptions) private readonly email: EmailSubscriptions) {}

  @Post('api/subscriptions/email')
  @HttpCode(202)
  @Throttle(SIGN_UP_THROTTLE)
  @ApiOperation({
    summary: 'Sign an address up for email alerts (no key); they start once the address confirms by a link',
  })
  @bodyFrom(SignUpBody)
  @ApiTooManyRequestsResponse({
    description: `More than ${SIGN_UP_LIMIT} sign-ups a minute from one address`,
  })
  async signUp(@Body(new ZodValidationPipe(SignUpBody)) body: z.output<typeof SignUpBody>) {
    try {
      await this.email.signUp(body);
    } catch (error) {
      if (!(error instanceof ConfirmationQueueError)) throw error;
      this.logger.error(error.message);
      throw new HttpException(
        {
          error: {
            code: 'EMAIL_UNAVAILABLE',
            message: 'The confirmation mail cannot be sent right now; try again later.',
          },
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    return ACCEPTED;
  }

  /** The mail's link: a page that asks; a GET confirms nothing (mail scanners prefetch links). */
  @Get('subscriptions/confirm')
  @ApiExcludeEndpoint()
  async confirmAsk(
    @Query(new ZodValidationPipe(TokenQuery)) query: z.output<typeof TokenQuery>,
    @Res() response: Response,
  ) {
    const subscription = await this.email.forConfirmToken(query.token);
    if (subscription) sendPage(response, 200, confirmAskPage(subscription, query.token));
    else sendPage(response, 404, confirmInvalidPage());
  }

  /** The page's button. */
  @Post('subscriptions/confirm')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async confirm(
    @Query(new ZodValidationPipe(TokenQuery)) query: z.output<typeof TokenQuery>,
    @Res() response: Response,
  ) {
    const result = await this.email.confirm(query.token);
    if (result.kind === 'confirmed') sendPage(response, 200, confirmedPage(result.subscription));
    else sendPage(response, 404, confirmInvalidPage());
  }

  @Get('unsubscribe')
  @ApiExcludeEndpoint()
  async unsubscribeAsk(
    @Query(new ZodValidationPipe(TokenQuery)) query: z.output<typeof TokenQuery>,
    @Res() response: Response,
  ) {
    const subscription = await this.email.forUnsubscribeToken(query.token);
    if (!subscription) sendPage(response, 404, unsubscribeInvalidPage());
    else if (subscription.status === 'deleted') sendPage(response, 200, unsubscribedPage(subscription, true));
    else sendPage(response, 200, unsubscribeAskPage(subscription, query.token));
  }

  /** RFC 8058: mail programs POST `List-Unsubscribe=One-Click` here; the page's button does the same. */
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async unsubscribe(
    @Query(new ZodValidationPipe(TokenQuery)) query: z.output<typeof TokenQuery>,
    @Body(new ZodValidationPipe(UnsubscribeBody)) _body: z.output<typeof UnsubscribeBody>,
    @Res() response: Response,
  ) {
    const result = await this.email.unsubscribe(query.token);
    if (result.kind === 'invalid') sendPage(response, 404, unsubscribeInvalidPage());
    else sendPage(response, 200, unsubscribedPage(result.subscription, result.kind === 'already'));
  }
}

function sendPage(response: Response, status: number, html: string): void {
  response.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // The URL carries a token: no Referer to anyone, no copy in any cache.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
  response.status(status).type('text/html; charset=utf-8').send(html);
}
