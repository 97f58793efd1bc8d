import { type AuthenticatedRequest, PRINCIPAL } from '@app/auth';
import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import { DEFAULT_IPV6_SUBNET_PREFIX, normalizeIp, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * Rate limits (DESIGN.md section 8), counted in Redis so that every API process shares them
 * (SharedThrottlerStorage):
 * - sign-in: 10 attempts a minute per client address, whatever their outcome. Guessing a 256-bit
 *   secret is hopeless anyway; the limit keeps a flood of attempts from costing anything;
 * - writes: 120 unsafe requests a minute per key (per address before a key is known), across all
 *   routes, enough for a reviewer working fast and a script importing steadily;
 * - expensive reads: 60 a minute per key or address, across the public reads that cost real work
 *   (exports, the Atom feed, text searches: routes marked @ExpensiveRead), so that one client
 *   cannot keep the service busy rendering while everyone else waits.
 * Other reads are not limited. The numbers are fixed: tests reach them for real, and nobody has asked to
 * tune them yet.
 */
export const SIGN_IN_LIMIT = { name: 'sign-in', limit: 10, ttl: 60_000 } as const;
export const WRITE_LIMIT = { name: 'writes', limit: 120, ttl: 60_000 } as const;
export const EXPENSIVE_READ_LIMIT = { name: 'expensive-reads', limit: 60, ttl: 60_000 } as const;

const SIGN_IN_ROUTE = 'rate-limit:sign-in';
const EXPENSIVE_READ = 'rate-limit:expensive-read';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Marks the sign-in route: it counts against the sign-in limit instead of the write limit. */
export const SignInRateLimit = () => SetMetadata(SIGN_IN_ROUTE, true);

export function isSignIn(context: ExecutionContext): boolean {
  return Reflect.getMetadata(SIGN_IN_ROUTE, context.getHandler()) === true;
}

/**
 * Marks a read that costs real work: it counts against the expensive-read limit, always or only
 * when `when` says so of the request (a list is cheap, a text search over it is not).
 */
export const ExpensiveRead = (when: (request: Request) => boolean = () => true) =>
  SetMetadata(EXPENSIVE_READ, when);

export function isExpensiveRead(context: ExecutionContext): boolean {
  const when: unknown = Reflect.getMetadata(EXPENSIVE_READ, context.getHandler());
  return (
    typeof when === 'function' &&
    (when as (request: Request) => boolean)(context.switchToHttp().getRequest<Request>())
  );
}

function isRead(context: ExecutionContext): boolean {
  return READ_METHODS.has(context.switchToHttp().getRequest<Request>().method);
}

function clientAddress(request: Request): string {
  // The peer's own address, or X-Forwarded-For's as far as TRUST_PROXY trusts the hops (Express's
  // `trust proxy`). An IPv6 client counts by its /64, as one host usually holds a whole /64.
  const address = request.ip ?? request.socket.remoteAddress;
  return address ? `ip:${normalizeIp(address, DEFAULT_IPV6_SUBNET_PREFIX)}` : 'ip:unknown';
}

function keyOrAddress(request: Record<string, unknown>): string {
  const principal = (request as AuthenticatedRequest)[PRINCIPAL];
  return principal ? `key:${principal.keyId}` : clientAddress(request as unknown as Request);
}

export const RATE_LIMITS: ThrottlerModuleOptions = {
  throttlers: [
    {
      ...SIGN_IN_LIMIT,
      skipIf: (context) => !isSignIn(context),
      getTracker: (request) => clientAddress(request as Request),
    },
    {
      ...WRITE_LIMIT,
      skipIf: (context) => isSignIn(context) || isRead(context),
      // ApiKeyGuard runs first, so the key is known on every write that got this far.
      getTracker: keyOrAddress,
    },
    {
      ...EXPENSIVE_READ_LIMIT,
      skipIf: (context) => !isRead(context) || !isExpensiveRead(context),
      getTracker: keyOrAddress,
    },
  ],
  // One counter per caller across every route (the default counts each route apart).
  generateKey: (_context, tracker, name) => `${name}|${tracker}`,
  // The X-RateLimit-* headers would carry the throttler's name as a suffix; Retry-After is enough.
  setHeaders: false,
};
