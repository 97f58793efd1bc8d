/**
 * Query parameters that say how a reader arrived, not what they read: the same article reached
 * from a feed, a newsletter or a social post must have one URL so dedupe sees one item.
 */
const TRACKING_PARAMS = new Set([
  'fbclid', // Facebook
  'gclid', // Google Ads
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid', // Microsoft Ads
  'yclid', // Yandex
  'ysclid', // Yandex (search)
  'mc_cid', // Mailchimp
  'mc_eid',
  '_ga', // Google Analytics cross-domain
  '_gl',
  'igshid', // Instagram
  'ref', // "ref=rss" and the like on many sites
  'ref_src', // Twitter
  'ref_url',
  'cmpid', // campaign ids (Telegraph, Spiegel…)
  'cmp', // The Guardian's CMP=…
  'ocid', // Microsoft / MSN
  'spm', // Alibaba and Chinese portals
  'mkt_tok', // Marketo
  'ns_mchannel', // BBC (comScore)
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'at_medium', // AT Internet (French and Russian outlets)
  'at_campaign',
  'at_source',
  'xtor', // AT Internet (Le Monde, Le Figaro…)
  'icid',
  'ito', // The Economist
  'rss_source',
  '__twitter_impression',
]);

// Parameters that are tracking only with a feed-ish value: "from=rss" marks the channel, but
// "from=2024-01-01" on a search page is content.
const TRACKING_WHEN_FEED = new Set(['from', 'src', 'source', 'rss', 'feed', 'via', 'tag']);
const FEED_VALUE =
  /^(rss\d*|feed|feeds|atom|rdf|xml|rss_?feed|newsfeed|feedburner|feedly|newsletter|social)$/i;

function isTracking(name: string, value: string): boolean {
  const key = name.toLowerCase();
  if (key.startsWith('utm_') || key.startsWith('hmsr') || key.startsWith('pk_')) return true;
  if (TRACKING_PARAMS.has(key)) return true;
  return TRACKING_WHEN_FEED.has(key) && FEED_VALUE.test(value);
}

/**
 * The canonical form of a link: absolute http(s) only (relative links resolved against base),
 * fragment and tracking parameters dropped, host lower-cased, default port dropped, remaining
 * query parameters sorted by name. Null for javascript:, data:, mailto: and anything that is not
 * a URL.
 */
export function canonicalUrl(url: string, base?: string | null): string | null {
  // Links in feeds come wrapped in whitespace and newlines; spaces inside are percent-encoded by URL.
  const raw = url.trim().replace(/[\r\n\t]/g, '');
  // A relative reference with spaces in it is prose, not a link.
  if (!raw || (/\s/.test(raw) && !/^[a-z][a-z0-9+.-]*:/i.test(raw))) return null;
  let parsed: URL;
  let baseUrl: URL | undefined;
  if (base) {
    baseUrl = URL.canParse(base.trim()) ? new URL(base.trim()) : undefined;
    if (baseUrl && baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') baseUrl = undefined;
  }
  if (URL.canParse(raw, baseUrl)) parsed = new URL(raw, baseUrl);
  else return null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname || parsed.username || parsed.password) {
    if (!parsed.hostname) return null;
    // Credentials in a feed link are never the article's identity.
    parsed.username = '';
    parsed.password = '';
  }
  parsed.hash = '';
  if (parsed.hostname.endsWith('.')) parsed.hostname = parsed.hostname.slice(0, -1);
  const kept = [...parsed.searchParams.entries()].filter(([name, value]) => !isTracking(name, value));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  parsed.search = '';
  for (const [name, value] of kept) parsed.searchParams.append(name, value);
  // The WHATWG URL already lower-cases the host, drops a default port and resolves dot segments.
  return parsed.toString();
}
