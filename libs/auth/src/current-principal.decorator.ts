import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { AuthError } from './auth.error';
import type { Principal } from './principal';

/** Where ApiKeyGuard leaves the principal on the request. */
export const PRINCIPAL = Symbol('auth:principal');

export interface AuthenticatedRequest {
  [PRINCIPAL]?: Principal;
}

/**
 * The key behind this request: `{ keyId, name, role, actor }`. For routes guarded with @Roles (or
 * a closed @PublicRead); where no key was checked it refuses with 401 rather than give undefined,
 * so a handler can never record a decision without an actor.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>()[PRINCIPAL];
  if (!principal) throw AuthError.unauthenticated(false);
  return principal;
});
