import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Request } from 'express';

/** Paths that are only ever read by programs: they answer JSON whatever the Accept header says. */
const MACHINE_PATHS = /^\/(api|feed\.atom|health|metrics)(\/|$|\?)/;

/**
 * The browser's 404 page: an unknown address typed or followed in a browser gets a page with a way
 * back, not raw JSON. Read once at start, like the other pages.
 */
export const NOT_FOUND_PAGE = readFileSync(join(__dirname, 'not-found.html'));

/** A browser navigating (it asks for HTML before JSON) to a path that is not the API's. */
export function wantsNotFoundPage(request: Request): boolean {
  if (MACHINE_PATHS.test(request.path) || !['GET', 'HEAD'].includes(request.method)) return false;
  const preferred = request.accepts(['application/json', 'text/html']);
  return preferred === 'text/html';
}
