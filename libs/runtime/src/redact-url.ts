/**
 * URL-looking text: a scheme, `://`, and everything up to a space, a quote, a bracket or a backslash
 * (the backslash keeps a URL inside JSON from swallowing an escaped quote).
 */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>\\]+/gi;

export const REDACTED = '***';

/**
 * The one redaction of secrets in URLs, for logs and messages: in every URL-looking piece of the
 * text, the userinfo (`user:password@`), every query value and the fragment are replaced by `***`.
 * Query names stay, so a line still says which parameter was there; the scheme, host, port and path
 * stay, so it still says where. Text without URLs comes back unchanged.
 */
export function redactUrls(text: string): string {
  return text.includes('://') ? text.replace(URL_IN_TEXT, redactUrl) : text;
}

function redactUrl(url: string): string {
  const start = url.indexOf('://') + 3;
  const authorityEnd = firstOf(url, '/?#', start);
  const authority = url.slice(start, authorityEnd);
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `${REDACTED}@${authority.slice(at + 1)}` : authority;
  let rest = url.slice(authorityEnd);
  const hash = rest.indexOf('#');
  const fragment = hash >= 0 ? (hash + 1 < rest.length ? `#${REDACTED}` : '#') : '';
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const path = question >= 0 ? rest.slice(0, question) : rest;
  const query =
    question >= 0
      ? `?${rest
          .slice(question + 1)
          .split('&')
          .map(redactParameter)
          .join('&')}`
      : '';
  return `${url.slice(0, start)}${host}${path}${query}${fragment}`;
}

/** `name=value` keeps its name; a bare `?token` is all value. */
function redactParameter(parameter: string): string {
  if (parameter === '') return parameter;
  const equals = parameter.indexOf('=');
  return equals >= 0 ? `${parameter.slice(0, equals)}=${REDACTED}` : REDACTED;
}

function firstOf(text: string, characters: string, from: number): number {
  for (let index = from; index < text.length; index++) if (characters.includes(text[index]!)) return index;
  return text.length;
}

/** Any logged value with `redactUrls` applied to every string in it (messages, errors, objects). */
export function redactUrlsIn(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(redactUrls(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactUrls(value.stack);
    for (const [key, field] of Object.entries(value))
      (copy as unknown as Record<string, unknown>)[key] = redactUrlsIn(field, depth + 1);
    if (value.cause !== undefined) copy.cause = redactUrlsIn(value.cause, depth + 1);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => redactUrlsIn(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, redactUrlsIn(field, depth + 1)]),
  );
}
