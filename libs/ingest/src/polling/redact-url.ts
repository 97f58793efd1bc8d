const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>()[\]{}]+/gi;

/**
 * A URL as it may be logged: userinfo and every query value hidden (`?token=***`), since feed
 * URLs often carry an access token there. Text that is not a URL is returned as it is.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!/^https?:$/.test(parsed.protocol)) return url;
  const userinfo = parsed.username || parsed.password ? '***@' : '';
  const query = parsed.search
    ? `?${parsed.search
        .slice(1)
        .split('&')
        .map((pair) => `${pair.split('=')[0]}=***`)
        .join('&')}`
    : '';
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query}`;
}

/** Every URL in a message (a log line, an error) redacted as redactUrl does. */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    // Punctuation after a URL in prose ends the sentence, not the URL.
    const url = match.replace(/[.,:;!?]+$/, '');
    return redactUrl(url) + match.slice(url.length);
  });
}
