import {
  assertSameSite,
  AuthError,
  presentedSessionToken,
  ROLES,
  sessionCookieName,
  sessionCookieOptions,
  sessionInfo,
  type SessionInfo,
  SessionService,
} from '@app/auth';
import { type AppConfig, APP_CONFIG } from '@app/config';
import { text } from '@app/event-store';
import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';

import { bodyFrom, responseFrom } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { SignInRateLimit } from './rate-limits';

const SignInBody = z.strictObject({ key: text().trim().min(1).max(200) });
/** SessionInfo of @app/auth, for OpenAPI. */
const SessionAnswer = z.strictObject({
  name: z.string(),
  role: z.enum(ROLES),
  csrfToken: z.string().describe('sent back in X-CSRF-Token on every unsafe request of the session'),
  expiresAt: z.string(),
});

/**
 * Browser sign-in (DESIGN.md section 8): the page trades an API key for an httpOnly session cookie
 * and a CSRF token, which it sends back in X-CSRF-Token on every write. Scripts keep using
 * `Authorization: Bearer`; they have no use for these routes. Answers are never cached: they
 * carry the CSRF token.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @SignInRateLimit()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign in with an API key: sets the session cookie, answers the CSRF token' })
  @bodyFrom(SignInBody)
  @responseFrom(SessionAnswer, { description: 'Signed in; Set-Cookie carries the session' })
  @ApiUnauthorizedResponse({ description: 'The key is malformed, unknown or revoked (not told which)' })
  @ApiTooManyRequestsResponse({ description: 'More than 10 attempts a minute from this address' })
  async signIn(
    @Body(new ZodValidationPipe(SignInBody)) body: z.output<typeof SignInBody>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionInfo> {
    const { token, info } = await this.sessions.signIn(body.key);
    response.cookie(sessionCookieName(this.config), token, {
      ...sessionCookieOptions(this.config),
      expires: new Date(info.expiresAt),
    });
    return info;
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The signed-in browser's session: who, until when, and its CSRF token" })
  @responseFrom(SessionAnswer)
  @ApiUnauthorizedResponse({ description: 'No session cookie, or the session has ended' })
  async current(@Req() request: Request): Promise<SessionInfo> {
    const token = presentedSessionToken(request, sessionCookieName(this.config));
    if (token === undefined) throw AuthError.unauthenticated(false);
    const session = await this.sessions.authenticate(token);
    if (!session) throw AuthError.sessionEnded();
    return sessionInfo(session);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookie' })
  @ApiNoContentResponse({ description: 'Signed out (also when the session had ended already)' })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = presentedSessionToken(request, sessionCookieName(this.config));
    if (token !== undefined) {
      const session = await this.sessions.authenticate(token);
      // A live session is ended only by its own page; one that has ended needs no proof.
      if (session) assertSameSite(request, session.csrfToken, this.config);
      await this.sessions.signOut(token);
    }
    response.clearCookie(sessionCookieName(this.config), sessionCookieOptions(this.config));
  }
}
