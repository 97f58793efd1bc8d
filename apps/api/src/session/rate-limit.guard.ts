import { type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';

import { EXPENSIVE_READ_LIMIT, isSignIn } from './rate-limits';

/**
 * @nestjs/throttler's guard with the product's answer when a limit is reached: 429 with a plain
 * `Retry-After` (seconds) and the usual `{ error: { code, message, details } }` body.
 * Registered globally after ApiKeyGuard, so writes are counted per key (see RATE_LIMITS).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    const what = isSignIn(context)
      ? 'sign-in attempts from this address'
      : detail.key.startsWith(`${EXPENSIVE_READ_LIMIT.name}|`)
        ? 'exports, feeds and searches'
        : 'writes';
    throw new HttpException(
      {
        error: {
          code: 'RATE_LIMITED',
          message: `Too many ${what}: at most ${detail.limit} a minute. Try again in ${retryAfter} s.`,
          details: { limit: detail.limit, windowSeconds: detail.ttl / 1000, retryAfterSeconds: retryAfter },
        },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
