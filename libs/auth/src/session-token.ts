import { randomBytes, timingSafeEqual } from 'node:crypto';

import type { AppConfig } from '@app/config';
import type { CookieOptions } from 'express';

/**
 * A session's cookie token and its CSRF token: 32 random bytes each, base64url (43 characters).
 * The cookie token is a credential, so only its SHA-256 is stored (hashSecret, as for API keys);
 * the CSRF token is not one on its own (it only works together with the cookie) and is stored as is,
 * so GET /api/session can hand it back to a reloaded page.
 */
const TOKEN_BYTES = 32;
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Compares a presented CSRF token with the session's in constant time. */
export function csrfTokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the product is served over https, so its cookies must be Secure. */
function servedSecurely(config: AppConfig): boolean {
  return new URL(config.http.publicBaseUrl).protocol === 'https:';
}

/**
 * The cookie's name. Over https it takes the `__Host-` prefix, which browsers accept only for a
 * Secure, host-only cookie on Path=/, so no subdomain and no plain-http page can plant or shadow it.
 * Browsers refuse that prefix without Secure, hence the plain name over http (development, tests).
 */
export function sessionCookieName(config: AppConfig): string {
  return servedSecurely(config) ? '__Host-timeline_session' : 'timeline_session';
}

/**
 * How the cookie is set and cleared: invisible to scripts (HttpOnly), never sent on requests other
 * sites start (SameSite=Strict), Secure over https, for the whole site.
 */
export function sessionCookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: servedSecurely(config), path: '/' };
}
