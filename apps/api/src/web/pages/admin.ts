// The admin pages at /admin: sign in with an admin key (the server keeps an httpOnly session cookie),
// then feeds (add after trying, remove, health, silence), subscriptions (status, filters, delivery
// log, replay, pause and resume), API keys (create once-shown, revoke) and the mail outbox. The job
// queues are Bull Board's own dashboard at /admin/queues. TypeScript, bundled by
// scripts/build.mjs (esbuild) into /assets/admin.js.
//
// Feed text and error messages are hostile: they reach the DOM through textContent only. Never innerHTML.

import { html } from 'lit-html';

import { type ApiError, apiClient, asApiError, byId, h, later, safeHref } from './dom';
import { type Session, signInForm } from './sign-in';

const TABS = ['feeds', 'subscriptions', 'keys', 'outbox'] as const;
type Tab = (typeof TABS)[number];
const $ = byId;

interface Feed {
  id: string;
  url: string;
  title?: string;
  status: string;
  pausedReason?: string;
  pausedAt?: string;
  health: {
    status: string;
    lastSuccessAt?: string;
    lastError?: string;
    lastErrorAt?: string;
    nextPollAt?: string;
    itemsSeen: number;
    itemsProposed: number;
  };
  silence: { silent: boolean; message?: string };
}
interface TrialItem {
  verdict: string;
  score: number | null;
  threshold: number;
  link?: string;
  title: string;
  explanation?: string;
}
type Filters = Partial<Record<'countries' | 'categories' | 'actors' | 'keywords', string[]>>;
interface Subscription {
  id: string;
  channel: string;
  target: string;
  status: string;
  disabledReason?: string;
  filters?: Filters;
  mode?: string;
  createdAt: string;
}
interface Delivery {
  id: string;
  status: string;
  entryId: string;
  kind: string;
  createdAt: string;
  lastError?: string;
  attemptLog?: {
    attempt: number;
    startedAt: string;
    outcome: string;
    statusCode?: number;
    durationMs: number;
    detail?: string;
  }[];
}
interface ApiKey {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}
interface OutboxSummary {
  id: string;
  subject?: string;
  to: string;
  date: string;
}
const input = (id: string) => byId<HTMLInputElement>(id);
const button = (id: string) => byId<HTMLButtonElement>(id);

let session: Session | null = null;
/** The last trial's feed and its document's own title: used as the name when none is typed. */
const trialTitle = { url: '', title: '' };

// ---------- the API ----------

const api = apiClient({
  csrfToken: () => session?.csrfToken,
  onSessionEnded: () => showSignIn('Your session has ended. Sign in again.'),
});

const when = (iso: string | undefined): string =>
  iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—';

function flash(message: string, tone = 'ok'): void {
  const node = $('flash');
  node.textContent = message;
  node.hidden = !message;
  node.className = `flash flash-${tone}`;
}

function fieldError(id: string, message: string): void {
  const node = $(id);
  node.textContent = message;
  node.hidden = !message;
  const input = node.previousElementSibling;
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

// ---------- signing in ----------

const signIn = signInForm({
  api,
  heading: 'Sign in to administer',
  intro: 'Sign in with an admin API key. The page keeps a session; the key itself is not stored.',
  help: html`The first admin key comes from the command line:
    <code>npm run cli -- keys create --role admin --name you</code>`,
  signedIn: showAdmin,
});

$('sign-out').addEventListener(
  'click',
  later(async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    showSignIn('You are signed out.');
  }),
);

function showSignIn(message = ''): void {
  session = null;
  $('admin-view').hidden = true;
  signIn.signedOut(message);
  document.body.classList.remove('starting');
}

async function showAdmin(info: Session): Promise<void> {
  session = info;
  signIn.signedIn(info);
  document.body.classList.remove('starting');
  if (info.role !== 'admin') {
    $('admin-view').hidden = true;
    $('signin-view').hidden = false;
    signIn.say(`The key of ${info.name} is a ${info.role} key: these pages need an admin key.`);
    return;
  }
  // Sent here by /admin/queues before signing in: go back there.
  const next = new URLSearchParams(location.search).get('next');
  if (next === '/admin/queues') {
    location.assign(next);
    return;
  }
  $('admin-view').hidden = false;
  await showTab();
}

// ---------- tabs ----------

window.addEventListener('hashchange', () => void showTab());

async function showTab(): Promise<void> {
  if (!session) return;
  const tab: Tab = TABS.find((name) => name === location.hash.slice(1)) ?? 'feeds';
  for (const name of TABS) $(`tab-${name}`).hidden = name !== tab;
  for (const link of document.querySelectorAll<HTMLElement>('.admin-tabs a[data-tab]')) {
    if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${tab.charAt(0).toUpperCase()}${tab.slice(1)} · Administration`;
  flash('');
  try {
    await LOADERS[tab]();
  } catch (thrown) {
    const error = asApiError(thrown);
    if (error.status !== 401) flash(`Could not load ${tab}. ${error.message}`, 'error');
  }
}

const LOADERS: Record<Tab, () => Promise<void>> = {
  feeds: loadFeeds,
  subscriptions: loadSubscriptions,
  keys: loadKeys,
  outbox: loadOutbox,
};

/**
 * Fills a table's body, labelling each cell with its column's visible heading (`data-label`): on a
 * phone the rows become cards, and each value says which column it is (admin.css). The first
 * column names the row: it is the card's heading, unlabelled.
 */
function fillTable(bodyId: string, rows: readonly HTMLTableRowElement[]): void {
  const body = $(bodyId, HTMLTableSectionElement);
  const headings = [...(body.closest('table')?.tHead?.rows[0]?.cells ?? [])].map((cell) =>
    cell.querySelector('.visually-hidden') ? '' : (cell.textContent ?? '').trim(),
  );
  for (const row of rows) {
    for (const [i, cell] of [...row.cells].entries()) {
      if (i > 0 && headings[i] && !cell.classList.contains('empty')) cell.dataset.label = headings[i];
    }
  }
  body.replaceChildren(...rows);
}

// ---------- feeds ----------

const HEALTH_LABELS: Record<string, string> = {
  ok: 'OK',
  failing: 'Failing',
  gone: 'Gone',
  pending: 'Not polled yet',
  removed: 'Removed',
  paused: 'Paused',
};

async function loadFeeds(): Promise<void> {
  const { feeds, policy } = await api<{ feeds: Feed[]; policy: { failingMs: number; quietDays: number } }>(
    'GET',
    '/api/admin/feeds',
  );
  $('feeds-silence').textContent =
    `A feed is flagged silent when it has failed for ${Math.round(policy.failingMs / 3_600_000)} h ` +
    `(FEED_SILENCE_FAILING) or brought no new item for ${policy.quietDays} days (FEED_SILENCE_DAYS).`;
  const active = feeds.filter((feed) => feed.status !== 'removed');
  fillTable(
    'feeds-body',
    active.length === 0
      ? [h('tr', {}, h('td', { colSpan: 8, className: 'empty' }, 'No feeds yet: add one above.'))]
      : active.map(feedRow),
  );
}

function feedName(feed: Pick<Feed, 'title' | 'url'>): string {
  if (feed.title) return feed.title;
  try {
    return new URL(feed.url).hostname.replace(/^www\./, '');
  } catch {
    return feed.url;
  }
}

function feedRow(feed: Feed): HTMLTableRowElement {
  const { health, silence } = feed;
  const remove = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Remove');
  remove.addEventListener(
    'click',
    later(async () => {
      if (!confirm(`Remove the feed ${feedName(feed)}? It is no longer polled; its candidates stay.`)) return;
      try {
        await api(
          'DELETE',
          `/api/feeds/${feed.id}?reason=${encodeURIComponent('Removed on the admin page')}`,
        );
        flash(`Removed ${feedName(feed)}.`);
        await loadFeeds();
      } catch (thrown) {
        const error = asApiError(thrown);
        flash(`Could not remove it. ${error.message}`, 'error');
      }
    }),
  );
  const pauseForm = feed.status === 'active' ? pauseFeedForm(feed) : null;
  const toggle =
    feed.status === 'paused'
      ? h('button', { type: 'button', className: 'button-outline button-small' }, 'Resume')
      : h('button', { type: 'button', className: 'button-outline button-small' }, 'Pause');
  toggle.setAttribute('aria-label', `${toggle.textContent} ${feedName(feed)}`);
  toggle.addEventListener(
    'click',
    later(async () => {
      if (pauseForm) {
        pauseForm.hidden = false;
        pauseForm.querySelector('input')!.focus();
        return;
      }
      try {
        await api('POST', `/api/feeds/${feed.id}/resume`);
        flash(`Resumed ${feedName(feed)}: it is polled again.`);
        await loadFeeds();
      } catch (thrown) {
        flash(`Could not resume it. ${asApiError(thrown).message}`, 'error');
      }
    }),
  );
  return h('tr', { className: silence.silent ? 'row-silent' : '', dataset: { feedId: feed.id } }, [
    h('td', {}, [
      h('strong', {}, feedName(feed)),
      h('br'),
      h('a', { href: safeHref(feed.url), className: 'feed-url', rel: 'noreferrer' }, feed.url),
      silence.silent
        ? h('p', { className: 'silence' }, [h('strong', {}, 'Silent: '), silence.message])
        : null,
      feed.status === 'paused'
        ? h('p', { className: 'paused-note' }, [
            h('strong', {}, 'Paused: '),
            `${feed.pausedReason ?? ''} (since ${when(feed.pausedAt)})`,
          ])
        : null,
      pauseForm,
    ]),
    h(
      'td',
      {},
      h(
        'span',
        { className: `health health-${health.status}` },
        HEALTH_LABELS[health.status] ?? health.status,
      ),
    ),
    h('td', { className: 'when' }, when(health.lastSuccessAt)),
    h(
      'td',
      { className: 'error-cell' },
      health.lastError ? [health.lastError, h('br'), when(health.lastErrorAt)] : '—',
    ),
    h('td', { className: 'when' }, when(health.nextPollAt)),
    h('td', { className: 'num' }, String(health.itemsSeen)),
    h('td', { className: 'num' }, String(health.itemsProposed)),
    h('td', { className: 'row-actions' }, [toggle, ' ', remove]),
  ]);
}

let pauseFormCount = 0;

/** The reason to pause a feed, asked in the row itself (hidden until Pause is pressed). */
function pauseFeedForm(feed: Feed): HTMLFormElement {
  const id = `pause-reason-${(pauseFormCount += 1)}`;
  const reason = h('input', { id, name: 'reason', type: 'text', required: true, maxLength: 2000 });
  reason.setAttribute('placeholder', 'e.g. the publisher is moving its site');
  const problem = h('p', { className: 'field-error', hidden: true });
  const cancel = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Cancel');
  const form = h('form', { className: 'pause-form field', noValidate: true, hidden: true }, [
    h('label', { htmlFor: id }, `Why pause ${feedName(feed)}?`),
    reason,
    problem,
    h('div', { className: 'form-actions' }, [
      h('button', { type: 'submit', className: 'button button-small' }, 'Pause feed'),
      cancel,
    ]),
  ]);
  cancel.addEventListener('click', () => {
    form.hidden = true;
  });
  form.addEventListener(
    'submit',
    later(async (event: Event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (text.length < 3) {
        problem.textContent = 'Say why (a few words): it is kept with the feed and in its history.';
        problem.hidden = false;
        reason.focus();
        return;
      }
      try {
        await api('POST', `/api/feeds/${feed.id}/pause`, { reason: text });
        flash(`Paused ${feedName(feed)}: it is not polled until resumed.`);
        await loadFeeds();
      } catch (thrown) {
        const error = asApiError(thrown);
        problem.textContent = error.message;
        problem.hidden = false;
      }
    }),
  );
  return form;
}

function feedBody(): { url: string; title?: string; language?: string } | undefined {
  const url = input('feed-url').value.trim();
  fieldError('feed-url-error', '');
  $('feed-form-error').hidden = true;
  if (!url) {
    fieldError('feed-url-error', 'Enter the address of the feed (its RSS, Atom or JSON Feed URL).');
    $('feed-url').focus();
    return undefined;
  }
  if (!/^https?:\/\/[^\s]+$/i.test(url)) {
    fieldError('feed-url-error', 'The address must start with http:// or https://.');
    $('feed-url').focus();
    return undefined;
  }
  // A feed is named by its own document's title when tried first and not named by hand.
  const title = input('feed-title').value.trim() || (trialTitle.url === url ? trialTitle.title : '');
  const language = byId<HTMLSelectElement>('feed-language').value;
  return { url, ...(title ? { title } : {}), ...(language ? { language } : {}) };
}

function feedFailure(error: ApiError): void {
  if (error.details?.field === 'url' || error.code === 'INVALID_FEED')
    fieldError('feed-url-error', error.message);
  else {
    $('feed-form-error').textContent = error.message;
    $('feed-form-error').hidden = false;
  }
}

const VERDICT_LABELS: Record<string, string> = {
  proposed: 'Would be proposed',
  corroborates: 'Another source of a queued story',
  duplicate: 'Already queued',
  'rejected-before': 'Rejected before',
  irrelevant: 'Not relevant',
  borderline: 'Borderline tray',
  seen: 'Seen before',
};

$('feed-try').addEventListener(
  'click',
  later(async () => {
    const body = feedBody();
    if (!body) return;
    const trial = $('feed-trial');
    trial.hidden = false;
    trial.replaceChildren(h('p', { className: 'help' }, 'Fetching and reading the feed…'));
    button('feed-try').disabled = true;
    try {
      const result = await api<{ document: { title?: string }; items: TrialItem[] }>(
        'POST',
        '/api/feeds/try',
        {
          url: body.url,
        },
      );
      const counts: Record<string, number> = {};
      for (const item of result.items) counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
      const summary = Object.entries(counts)
        .map(([verdict, n]) => `${n} ${(VERDICT_LABELS[verdict] ?? verdict).toLowerCase()}`)
        .join(', ');
      if (!input('feed-title').value.trim() && result.document.title)
        input('feed-title').placeholder = result.document.title;
      trial.replaceChildren(
        h('p', {}, [
          h('strong', {}, result.document.title ?? 'Untitled feed'),
          ` · ${result.items.length} items: ${summary || 'none'}`,
        ]),
        h(
          'ol',
          { className: 'trial-items' },
          result.items.map((item) =>
            h('li', { className: `verdict-${item.verdict}` }, [
              h('span', { className: 'verdict' }, VERDICT_LABELS[item.verdict] ?? item.verdict),
              item.score === null
                ? ''
                : h('span', { className: 'score' }, ` ${item.score.toFixed(1)} / ${item.threshold}`),
              ' ',
              safeHref(item.link) ? h('a', { href: item.link, rel: 'noreferrer' }, item.title) : item.title,
              item.explanation ? h('p', { className: 'help' }, item.explanation) : null,
            ]),
          ),
        ),
      );
    } catch (thrown) {
      const error = asApiError(thrown);
      trial.replaceChildren(h('p', { className: 'form-error' }, `Could not read it: ${error.message}`));
    } finally {
      button('feed-try').disabled = false;
    }
  }),
);

$('feed-form').addEventListener(
  'submit',
  later(async (event) => {
    event.preventDefault();
    const body = feedBody();
    if (!body) return;
    button('feed-add').disabled = true;
    try {
      const feed = await api<Feed>('POST', '/api/feeds', body);
      flash(`Added ${feedName(feed)}: it is polled now, then every poll interval.`);
      byId<HTMLFormElement>('feed-form').reset();
      input('feed-title').placeholder = "The feed's own title";
      $('feed-trial').hidden = true;
      await loadFeeds();
    } catch (thrown) {
      const error = asApiError(thrown);
      feedFailure(error);
    } finally {
      button('feed-add').disabled = false;
    }
  }),
);

// ---------- subscriptions ----------

function filtersText(filters: Filters = {}): string {
  const parts: string[] = [];
  for (const [key, label] of <const>[
    ['countries', 'Countries'],
    ['categories', 'Categories'],
    ['actors', 'Actors'],
    ['keywords', 'Keywords'],
  ]) {
    const values = filters[key];
    if (values?.length) parts.push(`${label}: ${values.join(', ')}`);
  }
  return parts.length ? parts.join('; ') : 'Everything';
}

async function loadSubscriptions(): Promise<void> {
  const { subscriptions } = await api<{ subscriptions: Subscription[] }>('GET', '/api/subscriptions');
  fillTable(
    'subs-body',
    subscriptions.length === 0
      ? [h('tr', {}, h('td', { colSpan: 6, className: 'empty' }, 'No subscriptions yet.'))]
      : subscriptions.map(subscriptionRow),
  );
}

function subscriptionRow(sub: Subscription): HTMLTableRowElement {
  const act = (label: string, path: string, done: string) => {
    const button = h('button', { type: 'button', className: 'button-quiet button-small' }, label);
    button.addEventListener(
      'click',
      later(async () => {
        try {
          await api('POST', `/api/subscriptions/${sub.id}/${path}`);
          flash(done);
          await loadSubscriptions();
        } catch (thrown) {
          const error = asApiError(thrown);
          flash(`Could not ${label.toLowerCase()} it. ${error.message}`, 'error');
        }
      }),
    );
    return button;
  };
  const log = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Deliveries');
  log.addEventListener('click', () => void showDeliveries(sub));
  return h('tr', { dataset: { subscriptionId: sub.id } }, [
    h('td', {}, [h('span', { className: 'channel' }, sub.channel), ' ', sub.target]),
    h('td', {}, [
      h('span', { className: `health health-${sub.status}` }, sub.status),
      sub.disabledReason ? h('p', { className: 'help' }, sub.disabledReason) : null,
    ]),
    h('td', {}, filtersText(sub.filters)),
    h('td', {}, sub.mode ?? 'instant'),
    h('td', { className: 'when' }, when(sub.createdAt)),
    h('td', { className: 'row-actions' }, [
      log,
      sub.status === 'active' ? act('Pause', 'pause', 'Paused: nothing is sent to it until resumed.') : null,
      sub.status === 'paused' || sub.status === 'disabled' ? act('Resume', 'resume', 'Resumed.') : null,
    ]),
  ]);
}

async function showDeliveries(sub: Subscription): Promise<void> {
  const section = $('deliveries');
  section.hidden = false;
  $('deliveries-heading').textContent = `Delivery log of ${sub.target}`;
  const body = $('deliveries-body');
  body.replaceChildren(h('p', { className: 'help' }, 'Loading…'));
  try {
    const page = await api<{ deliveries: Delivery[] }>(
      'GET',
      `/api/subscriptions/${sub.id}/deliveries?limit=50`,
    );
    if (page.deliveries.length === 0) {
      body.replaceChildren(h('p', { className: 'help' }, 'Nothing has been sent to it yet.'));
    } else {
      body.replaceChildren(
        h(
          'ol',
          { className: 'delivery-list' },
          page.deliveries.map((delivery) => {
            const replay = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Replay');
            replay.addEventListener(
              'click',
              later(async () => {
                try {
                  await api('POST', `/api/subscriptions/${sub.id}/deliveries/${delivery.id}/replay`);
                  flash('Queued to be sent again, with the same id.');
                  await showDeliveries(sub);
                } catch (thrown) {
                  const error = asApiError(thrown);
                  flash(`Could not replay it. ${error.message}`, 'error');
                }
              }),
            );
            return h('li', {}, [
              h('p', {}, [
                h('strong', {}, delivery.status),
                // A notice (feed silence) concerns a feed, not an entry: it has no entry id.
                delivery.kind === 'notice'
                  ? ` · feed notice · created ${when(delivery.createdAt)} `
                  : ` · entry ${delivery.entryId} · ${delivery.kind} · created ${when(delivery.createdAt)} `,
                replay,
              ]),
              delivery.lastError ? h('p', { className: 'error-cell' }, delivery.lastError) : null,
              h(
                'ul',
                { className: 'attempts' },
                (delivery.attemptLog ?? []).map((attempt) =>
                  h(
                    'li',
                    {},
                    `Attempt ${attempt.attempt} at ${when(attempt.startedAt)}: ${attempt.outcome}` +
                      `${attempt.statusCode ? ` (HTTP ${attempt.statusCode})` : ''}, ${attempt.durationMs} ms` +
                      `${attempt.detail ? ` — ${attempt.detail}` : ''}`,
                  ),
                ),
              ),
            ]);
          }),
        ),
      );
    }
  } catch (thrown) {
    const error = asApiError(thrown);
    body.replaceChildren(h('p', { className: 'form-error' }, error.message));
  }
  section.scrollIntoView({ block: 'start' });
}

// ---------- keys ----------

async function loadKeys(): Promise<void> {
  const { keys } = await api<{ keys: ApiKey[] }>('GET', '/api/keys');
  fillTable('keys-body', keys.map(keyRow));
}

function keyRow(key: ApiKey): HTMLTableRowElement {
  const revoke = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Revoke');
  revoke.addEventListener(
    'click',
    later(async () => {
      if (!confirm(`Revoke the key of ${key.name}? Requests with it are refused from now on.`)) return;
      try {
        await api('DELETE', `/api/keys/${key.id}`);
        flash(`Revoked the key of ${key.name}.`);
        await loadKeys();
      } catch (thrown) {
        const error = asApiError(thrown);
        flash(`Could not revoke it. ${error.message}`, 'error');
      }
    }),
  );
  return h('tr', { className: key.revokedAt ? 'row-revoked' : '', dataset: { keyId: key.id } }, [
    h('td', {}, key.name),
    h('td', {}, key.role),
    h('td', {}, h('code', {}, key.id)),
    h('td', { className: 'when' }, when(key.createdAt)),
    h('td', { className: 'when' }, when(key.lastUsedAt)),
    h('td', {}, key.revokedAt ? `Revoked ${when(key.revokedAt)}` : 'Active'),
    h('td', {}, key.revokedAt ? null : revoke),
  ]);
}

$('key-form').addEventListener(
  'submit',
  later(async (event) => {
    event.preventDefault();
    const name = input('key-name').value.trim();
    fieldError('key-name-error', '');
    if (!name) {
      fieldError('key-name-error', 'Give the key a name: who or what will use it.');
      $('key-name').focus();
      return;
    }
    button('key-create').disabled = true;
    try {
      const created = await api<{ key: string }>('POST', '/api/keys', {
        name,
        role: byId<HTMLSelectElement>('key-role').value,
      });
      $('key-secret').textContent = created.key;
      $('key-created').hidden = false;
      input('key-name').value = '';
      await loadKeys();
    } catch (thrown) {
      const error = asApiError(thrown);
      fieldError('key-name-error', error.message);
    } finally {
      button('key-create').disabled = false;
    }
  }),
);

$('key-copy').addEventListener(
  'click',
  later(async () => {
    try {
      await navigator.clipboard.writeText($('key-secret').textContent ?? '');
      flash('Copied.');
    } catch {
      flash('Select the key and copy it by hand.', 'error');
    }
  }),
);

// ---------- outbox ----------

async function loadOutbox(): Promise<void> {
  const list = $('outbox-list');
  let messages: OutboxSummary[];
  try {
    ({ messages } = await api<{ messages: OutboxSummary[] }>('GET', '/api/admin/outbox'));
  } catch (thrown) {
    const error = asApiError(thrown);
    if (error.status === 404) {
      list.replaceChildren(
        h('li', { className: 'empty' }, 'This server has no mail outbox (SMTP_URL is set, or it is older).'),
      );
      return;
    }
    throw error;
  }
  list.replaceChildren(
    ...(messages.length === 0
      ? [h('li', { className: 'empty' }, 'The outbox is empty.')]
      : messages.map((message) => {
          const open = h('button', { type: 'button', className: 'outbox-item' }, [
            h('strong', {}, message.subject || '(no subject)'),
            h('span', {}, `To ${message.to} · ${when(message.date)}`),
          ]);
          open.addEventListener('click', () => void showMessage(message));
          return h('li', {}, open);
        })),
  );
}

async function showMessage(summary: OutboxSummary): Promise<void> {
  const article = $('outbox-message');
  article.hidden = false;
  $('outbox-subject').textContent = summary.subject || '(no subject)';
  $('outbox-meta').textContent = `To ${summary.to} · ${when(summary.date)}`;
  $('outbox-text').textContent = 'Loading…';
  try {
    const message = await api<{ text: string }>('GET', `/api/admin/outbox/${encodeURIComponent(summary.id)}`);
    $('outbox-text').textContent = message.text;
  } catch (thrown) {
    const error = asApiError(thrown);
    $('outbox-text').textContent = `Could not open it. ${error.message}`;
  }
  article.scrollIntoView({ block: 'nearest' });
}

// ---------- start ----------

async function start(): Promise<void> {
  try {
    await showAdmin(await api<Session>('GET', '/api/session'));
  } catch {
    showSignIn();
  }
}

void start();
