import type { AppConfig } from '@app/config';
import type { Request } from 'express';

import { AuthError } from './auth.error';
import { csrfTokenMatches } from './session-token';

/** Methods that change something: a cookie-authenticated one must prove it came from our page. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses (CSRF_FAILED) a cookie-authenticated request that does not prove it came from our own
 * page: it must carry the session's X-CSRF-Token, which other sites cannot read, and, when the
 * browser sends an Origin, that origin must be exactly ours (scheme, host and port of
 * PUBLIC_BASE_URL). The request's own Host header is never trusted for this: a client sets it.
 * Either check alone stops classic CSRF; both together also hold when one is weakened (a token
 * leaked into a log, a browser that omits Origin).
 */
export function assertSameSite(request: Request, csrfToken: string, config: AppConfig): void {
  const presented = request.headers['x-csrf-token'];
  if (typeof presented !== 'string' || presented === '') throw AuthError.csrfFailed('no X-CSRF-Token header');
  if (!csrfTokenMatches(presented, csrfToken))
    throw AuthError.csrfFailed("X-CSRF-Token does not match the session's");
  const origin = request.headers.origin;
  if (origin !== undefined && !ownOrigins(request, config).includes(origin))
    throw AuthError.csrfFailed(`Origin ${JSON.stringify(origin)} is not this site`);
}

/**
 * The origins our pages are served from, compared as the exact strings a browser sends (so an
 * Origin with userinfo or another port never matches). Without PUBLIC_BASE_URL (a local install)
 * the page may be opened as localhost, 127.0.0.1 or [::1] at the port we listen on.
 */
function ownOrigins(request: Request, config: AppConfig): string[] {
  const configured = new URL(config.http.publicBaseUrl).origin;
  if (config.http.publicBaseUrlSet) return [configured];
  const port = request.socket.localPort;
  return [configured, ...['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${port}`)];
}

/** The session cookie's token on a request, if any (cookie-parser, set up by the API, reads it). */
export function presentedSessionToken(request: Request, cookieName: string): string | undefined {
  const token = (request as { cookies?: Record<string, unknown> }).cookies?.[cookieName];
  return typeof token === 'string' && token !== '' ? token : undefined;
}
