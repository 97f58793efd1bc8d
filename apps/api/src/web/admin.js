// The admin pages at /admin: sign in with an admin key (the server keeps an httpOnly session cookie),
// then feeds (add after trying, remove, health, silence), subscriptions (status, filters, delivery
// log, replay, pause and resume), API keys (create once-shown, revoke) and the mail outbox. The job
// queues are Bull Board's own dashboard at /admin/queues. A plain ES module with no build step.
//
// Feed text and error messages are hostile: they reach the DOM through textContent only. Never innerHTML.

const TABS = ['feeds', 'subscriptions', 'keys', 'outbox'];
const $ = (id) => document.getElementById(id);

let session = null;
/** The last trial's feed and its document's own title: used as the name when none is typed. */
let trialTitle = { url: '', title: '' };

// ---------- the API ----------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `The server answered ${status}.`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details ?? {};
  }
}

async function api(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && session && !url.startsWith('/api/session')) {
      showSignIn('Your session has ended. Sign in again.');
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

/** An element with properties and children (strings become text nodes). */
function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [name, fn] of Object.entries(value)) node.addEventListener(name, fn);
    else if (key in node && key !== 'list') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of [children].flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const when = (iso) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');
const safeHref = (url) => (/^https?:\/\//i.test(url ?? '') ? url : undefined);

function flash(message, tone = 'ok') {
  const node = $('flash');
  node.textContent = message;
  node.hidden = !message;
  node.className = `flash flash-${tone}`;
}

function fieldError(id, message) {
  const node = $(id);
  node.textContent = message;
  node.hidden = !message;
  const input = node.previousElementSibling;
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

// ---------- signing in ----------

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('signin-key').value.trim();
  const error = $('signin-error');
  if (!key) {
    error.textContent = 'Enter your API key.';
    error.hidden = false;
    return;
  }
  $('signin-submit').disabled = true;
  try {
    const info = await api('POST', '/api/session', { key });
    $('signin-key').value = '';
    await showAdmin(info);
  } catch (failure) {
    error.textContent =
      failure.status === 401
        ? 'That key was not accepted: it is mistyped, unknown or revoked.'
        : `Could not sign in. ${failure.message}`;
    error.hidden = false;
  } finally {
    $('signin-submit').disabled = false;
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('DELETE', '/api/session').catch(() => undefined);
  showSignIn('You are signed out.');
});

function showSignIn(message = '') {
  session = null;
  $('who').hidden = true;
  $('admin-view').hidden = true;
  $('signin-view').hidden = false;
  const error = $('signin-error');
  error.textContent = message;
  error.hidden = !message;
  document.body.classList.remove('starting');
  $('signin-key').focus();
}

async function showAdmin(info) {
  session = info;
  $('who-text').textContent = `Signed in as ${info.name} (${info.role})`;
  $('who').hidden = false;
  $('signin-view').hidden = true;
  document.body.classList.remove('starting');
  if (info.role !== 'admin') {
    $('admin-view').hidden = true;
    $('signin-view').hidden = false;
    const error = $('signin-error');
    error.textContent = `The key of ${info.name} is a ${info.role} key: these pages need an admin key.`;
    error.hidden = false;
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

async function showTab() {
  if (!session) return;
  const tab = TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'feeds';
  for (const name of TABS) $(`tab-${name}`).hidden = name !== tab;
  for (const link of document.querySelectorAll('.admin-tabs a[data-tab]')) {
    if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${tab[0].toUpperCase()}${tab.slice(1)} · Administration`;
  flash('');
  try {
    await LOADERS[tab]();
  } catch (error) {
    if (error.status !== 401) flash(`Could not load ${tab}. ${error.message}`, 'error');
  }
}

const LOADERS = { feeds: loadFeeds, subscriptions: loadSubscriptions, keys: loadKeys, outbox: loadOutbox };

// ---------- feeds ----------

const HEALTH_LABELS = {
  ok: 'OK',
  failing: 'Failing',
  gone: 'Gone',
  pending: 'Not polled yet',
  removed: 'Removed',
};

async function loadFeeds() {
  const { feeds, policy } = await api('GET', '/api/admin/feeds');
  $('feeds-silence').textContent =
    `A feed is flagged silent when it has failed for ${Math.round(policy.failingMs / 3_600_000)} h ` +
    `(FEED_SILENCE_FAILING) or brought no new item for ${policy.quietDays} days (FEED_SILENCE_DAYS).`;
  const active = feeds.filter((feed) => feed.status === 'active');
  $('feeds-body').replaceChildren(
    ...(active.length === 0
      ? [h('tr', {}, h('td', { colSpan: 8, className: 'empty' }, 'No feeds yet: add one above.'))]
      : active.map(feedRow)),
  );
}

function feedName(feed) {
  if (feed.title) return feed.title;
  try {
    return new URL(feed.url).hostname.replace(/^www\./, '');
  } catch {
    return feed.url;
  }
}

function feedRow(feed) {
  const { health, silence } = feed;
  const remove = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Remove');
  remove.addEventListener('click', async () => {
    if (!confirm(`Remove the feed ${feedName(feed)}? It is no longer polled; its candidates stay.`)) return;
    try {
      await api('DELETE', `/api/feeds/${feed.id}?reason=${encodeURIComponent('Removed on the admin page')}`);
      flash(`Removed ${feedName(feed)}.`);
      await loadFeeds();
    } catch (error) {
      flash(`Could not remove it. ${error.message}`, 'error');
    }
  });
  return h('tr', { className: silence.silent ? 'row-silent' : '', dataset: { feedId: feed.id } }, [
    h('td', {}, [
      h('strong', {}, feedName(feed)),
      h('br'),
      h('a', { href: safeHref(feed.url), className: 'feed-url', rel: 'noreferrer' }, feed.url),
      silence.silent
        ? h('p', { className: 'silence' }, [h('strong', {}, 'Silent: '), silence.message])
        : null,
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
    h('td', {}, remove),
  ]);
}

function feedBody() {
  const url = $('feed-url').value.trim();
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
  const title = $('feed-title').value.trim() || (trialTitle.url === url ? trialTitle.title : '');
  const language = $('feed-language').value;
  return { url, ...(title ? { title } : {}), ...(language ? { language } : {}) };
}

function feedFailure(error) {
  if (error.details?.field === 'url' || error.code === 'INVALID_FEED')
    fieldError('feed-url-error', error.message);
  else {
    $('feed-form-error').textContent = error.message;
    $('feed-form-error').hidden = false;
  }
}

const VERDICT_LABELS = {
  proposed: 'Would be proposed',
  corroborates: 'Another source of a queued story',
  duplicate: 'Already queued',
  'rejected-before': 'Rejected before',
  irrelevant: 'Not relevant',
  borderline: 'Borderline tray',
  seen: 'Seen before',
};

$('feed-try').addEventListener('click', async () => {
  const body = feedBody();
  if (!body) return;
  const trial = $('feed-trial');
  trial.hidden = false;
  trial.replaceChildren(h('p', { className: 'help' }, 'Fetching and reading the feed…'));
  $('feed-try').disabled = true;
  try {
    const result = await api('POST', '/api/feeds/try', { url: body.url });
    const counts = {};
    for (const item of result.items) counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
    const summary = Object.entries(counts)
      .map(([verdict, n]) => `${n} ${(VERDICT_LABELS[verdict] ?? verdict).toLowerCase()}`)
      .join(', ');
    if (!$('feed-title').value.trim() && result.document.title)
      $('feed-title').placeholder = result.document.title;
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
  } catch (error) {
    trial.replaceChildren(h('p', { className: 'form-error' }, `Could not read it: ${error.message}`));
  } finally {
    $('feed-try').disabled = false;
  }
});

$('feed-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = feedBody();
  if (!body) return;
  $('feed-add').disabled = true;
  try {
    const feed = await api('POST', '/api/feeds', body);
    flash(`Added ${feedName(feed)}: it is polled now, then every poll interval.`);
    $('feed-form').reset();
    $('feed-title').placeholder = "The feed's own title";
    $('feed-trial').hidden = true;
    await loadFeeds();
  } catch (error) {
    feedFailure(error);
  } finally {
    $('feed-add').disabled = false;
  }
});

// ---------- subscriptions ----------

function filtersText(filters = {}) {
  const parts = [];
  for (const [key, label] of [
    ['countries', 'Countries'],
    ['categories', 'Categories'],
    ['actors', 'Actors'],
    ['keywords', 'Keywords'],
  ]) {
    if (filters[key]?.length) parts.push(`${label}: ${filters[key].join(', ')}`);
  }
  return parts.length ? parts.join('; ') : 'Everything';
}

async function loadSubscriptions() {
  const { subscriptions } = await api('GET', '/api/subscriptions');
  $('subs-body').replaceChildren(
    ...(subscriptions.length === 0
      ? [h('tr', {}, h('td', { colSpan: 6, className: 'empty' }, 'No subscriptions yet.'))]
      : subscriptions.map(subscriptionRow)),
  );
}

function subscriptionRow(sub) {
  const act = (label, path, done) => {
    const button = h('button', { type: 'button', className: 'button-quiet button-small' }, label);
    button.addEventListener('click', async () => {
      try {
        await api('POST', `/api/subscriptions/${sub.id}/${path}`);
        flash(done);
        await loadSubscriptions();
      } catch (error) {
        flash(`Could not ${label.toLowerCase()} it. ${error.message}`, 'error');
      }
    });
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

async function showDeliveries(sub) {
  const section = $('deliveries');
  section.hidden = false;
  $('deliveries-heading').textContent = `Delivery log of ${sub.target}`;
  const body = $('deliveries-body');
  body.replaceChildren(h('p', { className: 'help' }, 'Loading…'));
  try {
    const page = await api('GET', `/api/subscriptions/${sub.id}/deliveries?limit=50`);
    if (page.deliveries.length === 0) {
      body.replaceChildren(h('p', { className: 'help' }, 'Nothing has been sent to it yet.'));
    } else {
      body.replaceChildren(
        h(
          'ol',
          { className: 'delivery-list' },
          page.deliveries.map((delivery) => {
            const replay = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Replay');
            replay.addEventListener('click', async () => {
              try {
                await api('POST', `/api/subscriptions/${sub.id}/deliveries/${delivery.id}/replay`);
                flash('Queued to be sent again, with the same id.');
                await showDeliveries(sub);
              } catch (error) {
                flash(`Could not replay it. ${error.message}`, 'error');
              }
            });
            return h('li', {}, [
              h('p', {}, [
                h('strong', {}, delivery.status),
                ` · entry ${delivery.entryId} · ${delivery.kind} · created ${when(delivery.createdAt)} `,
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
  } catch (error) {
    body.replaceChildren(h('p', { className: 'form-error' }, error.message));
  }
  section.scrollIntoView({ block: 'start' });
}

// ---------- keys ----------

async function loadKeys() {
  const { keys } = await api('GET', '/api/keys');
  $('keys-body').replaceChildren(...keys.map(keyRow));
}

function keyRow(key) {
  const revoke = h('button', { type: 'button', className: 'button-quiet button-small' }, 'Revoke');
  revoke.addEventListener('click', async () => {
    if (!confirm(`Revoke the key of ${key.name}? Requests with it are refused from now on.`)) return;
    try {
      await api('DELETE', `/api/keys/${key.id}`);
      flash(`Revoked the key of ${key.name}.`);
      await loadKeys();
    } catch (error) {
      flash(`Could not revoke it. ${error.message}`, 'error');
    }
  });
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

$('key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('key-name').value.trim();
  fieldError('key-name-error', '');
  if (!name) {
    fieldError('key-name-error', 'Give the key a name: who or what will use it.');
    $('key-name').focus();
    return;
  }
  $('key-create').disabled = true;
  try {
    const created = await api('POST', '/api/keys', { name, role: $('key-role').value });
    $('key-secret').textContent = created.key;
    $('key-created').hidden = false;
    $('key-name').value = '';
    await loadKeys();
  } catch (error) {
    fieldError('key-name-error', error.message);
  } finally {
    $('key-create').disabled = false;
  }
});

$('key-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('key-secret').textContent);
    flash('Copied.');
  } catch {
    flash('Select the key and copy it by hand.', 'error');
  }
});

// ---------- outbox ----------

async function loadOutbox() {
  const list = $('outbox-list');
  let messages;
  try {
    const answer = await api('GET', '/api/admin/outbox');
    messages = Array.isArray(answer) ? answer : (answer.messages ?? []);
  } catch (error) {
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

async function showMessage(summary) {
  const article = $('outbox-message');
  article.hidden = false;
  $('outbox-subject').textContent = summary.subject || '(no subject)';
  $('outbox-meta').textContent = `To ${summary.to} · ${when(summary.date)}`;
  $('outbox-text').textContent = 'Loading…';
  try {
    const message = await api('GET', `/api/admin/outbox/${encodeURIComponent(summary.id)}`);
    $('outbox-text').textContent =
      message.text ?? message.body ?? message.raw ?? JSON.stringify(message, null, 2);
  } catch (error) {
    $('outbox-text').textContent = `Could not open it. ${error.message}`;
  }
  article.scrollIntoView({ block: 'nearest' });
}

// ---------- start ----------

try {
  await showAdmin(await api('GET', '/api/session'));
} catch {
  showSignIn();
}
