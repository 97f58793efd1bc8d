import type { AppConfig } from '@app/config';
import type { Request } from 'express';

import { AuthError } from './auth.error';
import { csrfTokenMatches } from './session-token';

/** Methods that change something: a cookie-authenticated one must prove it came from our page. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses (CSRF_FAILED) a cookie-authenticated request that does not prove it came from our own
 * page: it must carry the session's X-CSRF-Token, which other sites cannot read, and, when the
 * browser sends an Origin, that origin must be ours: the public base URL's, or that of the host the
 * request was sent to. Either check alone stops classic CSRF; both together also hold when one
 * is weakened (a token leaked into a log, a browser that omits Origin).
 */
export function assertSameSite(request: Request, csrfToken: string, config: AppConfig): void {
  const presented = request.headers['x-csrf-token'];
  if (typeof presented !== 'string' || presented === '') throw AuthError.csrfFailed('no X-CSRF-Token header');
  if (!csrfTokenMatches(presented, csrfToken))
    throw AuthError.csrfFailed("X-CSRF-Token does not match the session's");
  const origin = request.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, request.headers.host, config))
    throw AuthError.csrfFailed(`Origin ${JSON.stringify(origin)} is not this site`);
}

function isOwnOrigin(origin: string, host: string | undefined, config: AppConfig): boolean {
  if (origin === new URL(config.http.publicBaseUrl).origin) return true;
  // `Origin: null` (sandboxed frames, some redirects) is not a URL, and is refused.
  return URL.canParse(origin) && host !== undefined && new URL(origin).host === host.toLowerCase();
}

/** The session cookie's token on a request, if any (cookie-parser, set up by the API, reads it). */
export function presentedSessionToken(request: Request, cookieName: string): string | undefined {
  const token = (request as { cookies?: Record<string, unknown> }).cookies?.[cookieName];
  return typeof token === 'string' && token !== '' ? token : undefined;
}
