import { PublicRead, type Role, Roles } from '@app/auth';
import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { API_KEY_SCHEME, SESSION_SCHEME } from './openapi';

const FORBIDDEN: Record<Role, string | undefined> = {
  viewer: undefined, // every key is a viewer at least
  reviewer: 'The key is neither a reviewer nor an admin key',
  admin: 'The key is not an admin key',
};

/** Either way of signing in: the API key, or the browser's session cookie. */
const signedIn = () => applyDecorators(ApiSecurity(API_KEY_SCHEME), ApiSecurity(SESSION_SCHEME));

/**
 * A controller or route for keys of `role` and above: the guard's rule (@Roles) and what OpenAPI
 * says of it (the security schemes, the 401, and the 403 where a key can be too low) in one place.
 */
export function RoleRequired(role: Role) {
  const forbidden = FORBIDDEN[role];
  return applyDecorators(
    Roles(role),
    signedIn(),
    ApiUnauthorizedResponse({ description: 'No API key or session, or an invalid or revoked one' }),
    ...(forbidden ? [ApiForbiddenResponse({ description: forbidden })] : []),
  );
}

/** A read open to anyone unless PUBLIC_READ is false; then any key (@PublicRead), so OpenAPI shows the key as optional. */
export function PublicReadable() {
  return applyDecorators(PublicRead(), ApiSecurity({}), signedIn());
}
