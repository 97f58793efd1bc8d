// What every page shares: JSON requests to the API (same-origin cookie, the session's CSRF token
// on unsafe methods, the server's error read into an ApiError), element helpers, safe links.
//
// Text from feeds, readers and the server is hostile: it reaches the DOM as text nodes or
// textContent only, never as HTML, and links only when they are http(s).

/**
 * The element with this id; a page's HTML and its script ship together, so a missing one is a bug.
 * Given its class (`byId('e-title', HTMLInputElement)`), the element is checked to be one.
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string, type?: abstract new () => T): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}`);
  if (type && !(node instanceof type)) throw new Error(`#${id} is a <${node.localName}>, not a ${type.name}`);
  return node as T;
}

/** The API's error body: `{ error: { code, message, details } }`. */
interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

/** A refusal from the API (or a failure to reach it: status 0), with the server's own message. */
export class ApiError extends Error {
  readonly code: string | undefined;
  readonly details: Record<string, unknown>;
  /** The `details.field` the server named, when it named one. */
  readonly field: string | undefined;

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfter: string | null = null,
    message?: string,
  ) {
    const error = (body as ErrorBody | undefined)?.error;
    super(message ?? error?.message ?? `The server answered ${status}.`);
    this.code = error?.code;
    this.details = error?.details ?? {};
    this.field = typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

/** Anything thrown, as an ApiError (a network failure or a bug becomes status 0 with its message). */
export function asApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  return new ApiError(0, undefined, null, thrown instanceof Error ? thrown.message : String(thrown));
}

export const aborted = (thrown: unknown): boolean => thrown instanceof Error && thrown.name === 'AbortError';

export interface RequestOptions {
  /** Sent as X-CSRF-Token on every method but GET (the server checks it against the session). */
  csrfToken?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface JsonAnswer {
  status: number;
  ok: boolean;
  data: unknown;
  headers: Headers;
}

/** One JSON request; never throws on an HTTP status (a network failure still rejects). */
export async function requestJson(
  method: string,
  url: string,
  body?: unknown,
  { csrfToken, signal }: RequestOptions = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: signal ?? null,
    credentials: 'same-origin',
  });
  const data: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  return { status: response.status, ok: response.ok, data, headers: response.headers };
}

/** A signed-in page's API: the session supplies the CSRF token; a 401 while signed in ends it. */
export interface ApiClient {
  <T = unknown>(method: string, url: string, body?: unknown, options?: { signal?: AbortSignal }): Promise<T>;
}

export function apiClient({
  csrfToken,
  onSessionEnded,
}: {
  csrfToken: () => string | undefined;
  onSessionEnded: () => void;
}): ApiClient {
  return async <T>(
    method: string,
    url: string,
    body?: unknown,
    { signal }: { signal?: AbortSignal } = {},
  ) => {
    const token = csrfToken();
    const answer = await requestJson(method, url, body, { csrfToken: token, signal });
    if (!answer.ok) {
      const error = new ApiError(answer.status, answer.data, answer.headers.get('Retry-After'));
      if (answer.status === 401 && token !== undefined && !url.startsWith('/api/session')) onSessionEnded();
      throw error;
    }
    return answer.data as T;
  };
}

type Child = Node | string | number | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Partial<
  Omit<HTMLElementTagNameMap[K], 'dataset' | 'style' | 'children'>
> & { dataset?: Record<string, string>; [attribute: `aria-${string}` | `data-${string}`]: string };

/**
 * An element with properties (set as properties; `dataset` merged; `aria-*`/`data-*` as
 * attributes) and children: strings become text nodes, never HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {},
  children: Child | readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props) as [string, unknown][]) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'list')
      node.setAttribute(key, value === true ? '' : (value as string | number).toString());
    else (node as unknown as Record<string, unknown>)[key] = value;
  }
  for (const child of [children].flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A link target only when it is an http(s) URL (never javascript:, data: and the like). */
export function isWebUrl(url: string | undefined | null): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

export const safeHref = (url: string | undefined | null): string | undefined =>
  isWebUrl(url) ? url : undefined;

/** An async event handler for addEventListener: nobody awaits it, so a failure is logged, not lost. */
export function later<E extends Event>(handler: (event: E) => Promise<void>): (event: E) => void {
  return (event) => void handler(event).catch((error: unknown) => console.error(error));
}

/**
 * Phones: the filters wait behind a button (styled in timeline.css, shown under 700 px), so the
 * first screen shows what the page is for; the button opens and closes them.
 */
export function phoneFiltersToggle(toggle: HTMLButtonElement): void {
  toggle.addEventListener('click', () => {
    const open = !document.body.classList.contains('filters-open');
    document.body.classList.toggle('filters-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  });
}
