import { type AppConfig, APP_CONFIG } from '@app/config';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { ApiKeyService } from './api-key.service';
import { AuthError } from './auth.error';
import { type AuthenticatedRequest, PRINCIPAL } from './current-principal.decorator';
import type { Principal } from './principal';
import { PUBLIC_READ_KEY } from './public-read.decorator';
import { type Role, roleSatisfies } from './role';
import { ROLES_KEY } from './roles.decorator';
import { SessionService } from './session.service';
import { assertSameSite, presentedSessionToken, UNSAFE_METHODS } from './same-site';
import { sessionCookieName } from './session-token';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Checks the caller on routes that ask for it: @Roles(...) needs a key with one of those roles (or
 * higher); @PublicRead() needs any key when PUBLIC_READ is false; every other route is public and
 * its headers are not looked at. Registered globally by the API (APP_GUARD).
 *
 * The caller is either `Authorization: Bearer <key>` (scripts, the CLI) or the browser's session
 * cookie (the reviewer's page). Bearer wins when both are sent. Cookies go along with requests
 * other sites trigger, so a cookie-authenticated write must also carry the session's
 * `X-CSRF-Token` and, when the browser sends an Origin, come from our own origin. A Bearer request
 * needs neither: no browser attaches that header by itself.
 * Never logs the header or the cookie: both carry secrets.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const required = this.requiredRoles(context);
    if (!required) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal =
      request.headers.authorization !== undefined
        ? await this.fromBearer(request.headers.authorization)
        : await this.fromSession(request);
    if (!roleSatisfies(principal.role, required)) throw AuthError.forbidden(required, principal.role);
    request[PRINCIPAL] = principal;
    return true;
  }

  private async fromBearer(authorization: string): Promise<Principal> {
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw AuthError.unauthenticated(true);
    const principal = await this.keys.authenticate(token);
    if (!principal) throw AuthError.unauthenticated(true);
    return principal;
  }

  private async fromSession(request: Request): Promise<Principal> {
    const token = presentedSessionToken(request, sessionCookieName(this.config));
    if (token === undefined) throw AuthError.unauthenticated(false);
    const session = await this.sessions.authenticate(token);
    if (!session) throw AuthError.sessionEnded();
    if (UNSAFE_METHODS.has(request.method)) assertSameSite(request, session.csrfToken, this.config);
    return session.principal;
  }

  /** The roles the route needs, or undefined when it is open to anyone. */
  private requiredRoles(context: ExecutionContext): readonly Role[] | undefined {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles) return roles;
    const publicRead = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_READ_KEY, targets);
    return publicRead && !this.config.access.publicRead ? ['viewer'] : undefined;
  }
}
