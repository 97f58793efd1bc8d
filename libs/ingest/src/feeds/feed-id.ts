import { v5 as uuidv5 } from 'uuid';

import { canonicalUrl } from '../reading';

/** Fixed namespace: a feed's id is derived from its canonical URL, so the same URL registers once. */
const FEED_NAMESPACE = '8d3e6b1a-2f4c-4a7e-b9d0-6c5e4f3a2b18';

/** The feed id for a URL, or null when it is not an absolute http(s) URL. */
export function feedIdFor(url: string): string | null {
  if (!/^https?:\/\//i.test(url.trim())) return null;
  const canonical = canonicalUrl(url.trim());
  return canonical ? uuidv5(canonical, FEED_NAMESPACE) : null;
}
