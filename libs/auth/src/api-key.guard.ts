import { type AppConfig, APP_CONFIG } from '@app/config';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { ApiKeyService } from './api-key.service';
import { AuthError } from './auth.error';
import { type AuthenticatedRequest, PRINCIPAL } from './current-principal.decorator';
import { PUBLIC_READ_KEY } from './public-read.decorator';
import { type Role, roleSatisfies } from './role';
import { ROLES_KEY } from './roles.decorator';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Checks `Authorization: Bearer <key>` on routes that ask for it: @Roles(...) needs a key with one
 * of those roles (or higher); @PublicRead() needs any key when PUBLIC_READ is false; every other
 * route is public and its headers are not looked at. Registered globally by the API (APP_GUARD).
 * Never logs the header: it carries the secret.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const required = this.requiredRoles(context);
    if (!required) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw AuthError.unauthenticated(request.headers.authorization !== undefined);
    const principal = await this.keys.authenticate(token);
    if (!principal) throw AuthError.unauthenticated(true);
    if (!roleSatisfies(principal.role, required)) throw AuthError.forbidden(required, principal.role);
    request[PRINCIPAL] = principal;
    return true;
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
