import { ApiKeyService, AuthError, type Principal, roleSatisfies, SessionService } from '@app/auth';
import { type AppConfig, APP_CONFIG } from '@app/config';
import { presentedSessionToken, sessionCookieName } from '@app/auth';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Bull Board is an Express router, not a Nest route, so the global guard does not see it: this
 * middleware asks the same of its callers (a Bearer admin key, or an admin's session cookie). The
 * board's own writes (retry, clean) go through it too. A browser without a session is sent to the
 * sign-in on /admin and comes back.
 */
@Injectable()
export class AdminAuthMiddleware implements NestMiddleware {
  constructor(
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const principal = await this.principal(request);
    if (principal && roleSatisfies(principal.role, ['admin'])) return next();
    const error = principal
      ? AuthError.forbidden(['admin'], principal.role)
      : AuthError.unauthenticated(false);
    if (!principal && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      response.redirect(302, `/admin?next=${encodeURIComponent('/admin/queues')}`);
      return;
    }
    if (!principal) response.setHeader('WWW-Authenticate', 'Bearer realm="api"');
    response.status(principal ? 403 : 401).json({ error: { code: error.code, message: error.message } });
  }

  private async principal(request: Request): Promise<Principal | undefined> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      return token ? ((await this.keys.authenticate(token)) ?? undefined) : undefined;
    }
    const token = presentedSessionToken(request, sessionCookieName(this.config));
    if (token === undefined) return undefined;
    const session = await this.sessions.authenticate(token);
    return session?.principal;
  }
}
