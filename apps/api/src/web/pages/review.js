// The reviewer's queue at /review: sign in with an API key (the server keeps an httpOnly session
// cookie), then work through the candidates: read the evidence, edit the proposed entry, approve,
// reject or merge. Bundled by scripts/build.mjs
// (esbuild) into /assets/review.js, with the pages' shared modules (dom.ts, entry-date.ts).
//
// Feed text is hostile: every piece of it reaches the DOM through textContent or text nodes, and
// links only when they are http(s). Never innerHTML.

import { aborted, apiClient, h as element, isWebUrl } from './dom';
import { formatEntryDate } from './entry-date';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;
const STATUS_LABELS = {
  pending: 'Pending',
  borderline: 'Borderline',
  approved: 'Approved',
  rejected: 'Rejected',
  merged: 'Merged',
};
/** Undecided: a decision can be made (from the queue, or straight from the borderline tray). */
const OPEN = new Set(['pending', 'borderline']);
const PRECISION_LABELS = {
  day: 'Day',
  month: 'Month',
  year: 'Year',
  range: 'Range (start to end)',
  ongoing: 'Ongoing (since start)',
};
const HISTORY_LABELS = {
  CandidateProposed: 'Proposed',
  CandidateCorroborated: 'Another source',
  CandidateApproved: 'Approved',
  CandidateRejected: 'Rejected',
  CandidateMerged: 'Merged',
  CandidatePromoted: 'Promoted from the borderline tray',
  CandidateDecisionUndone: 'Decision undone',
  CandidateReopened: 'Reopened',
};
const FILTER_KEYS = ['status', 'sort', 'feed', 'country', 'category', 'minScore', 'q'];
const DEFAULT_FILTERS = {
  status: 'pending',
  sort: 'score',
  feed: '',
  country: '',
  category: '',
  minScore: '',
  q: '',
};
// Path segments the API may put in front of a field name (`edits.title`): the form knows the rest.
const FIELD_PREFIXES = new Set(['edits', 'changes', 'fields', 'body', 'proposal', 'proposed']);

const $ = (id) => document.getElementById(id);
const dom = {
  who: $('who'),
  whoText: $('who-text'),
  signOut: $('sign-out'),
  signinView: $('signin-view'),
  signinForm: $('signin-form'),
  signinKey: $('signin-key'),
  signinError: $('signin-error'),
  signinSubmit: $('signin-submit'),
  reviewView: $('review-view'),
  filters: $('filters'),
  flash: $('flash'),
  queueStatus: $('queue-status'),
  list: $('candidate-list'),
  queueEmpty: $('queue-empty'),
  loadMore: $('load-more'),
  detailEmpty: $('detail-empty'),
  candidate: $('candidate'),
  notice: $('decision-notice'),
  status: $('c-status'),
  score: $('c-score'),
  title: $('c-title'),
  byline: $('c-byline'),
  excerpt: $('c-excerpt'),
  sourceLink: $('c-source-link'),
  corroborationsSection: $('c-corroborations-section'),
  corroborations: $('c-corroborations'),
  relevanceSection: $('c-relevance-section'),
  explanation: $('c-explanation'),
  terms: $('c-terms'),
  termsBody: $('c-terms-body'),
  editForm: $('edit-form'),
  editReset: $('edit-reset'),
  eTitle: $('e-title'),
  eSummary: $('e-summary'),
  eDateStart: $('e-date-start'),
  eDateEnd: $('e-date-end'),
  eDatePrecision: $('e-date-precision'),
  eActors: $('e-actors'),
  decide: document.querySelector('.decide'),
  decideError: $('decide-error'),
  approve: $('approve'),
  promote: $('promote'),
  rejectCode: $('reject-code'),
  decisionFlash: $('decision-flash'),
  detail: $('detail'),
  amendForm: $('amend-form'),
  amendWhat: $('amend-what'),
  amendReason: $('amend-reason'),
  reopenForm: $('reopen-form'),
  reopenReason: $('reopen-reason'),
  rejectOpen: $('reject-open'),
  rejectForm: $('reject-form'),
  rejectReason: $('reject-reason'),
  mergeOpen: $('merge-open'),
  mergeForm: $('merge-form'),
  mergeQ: $('merge-q'),
  mergeStatus: $('merge-status'),
  mergeResults: $('merge-results'),
  mergeChoice: $('merge-choice'),
  merge: $('merge'),
  history: $('c-history'),
  shortcuts: $('shortcuts-dialog'),
  propose: $('propose-dialog'),
  proposeForm: $('propose-form'),
  proposeError: $('propose-error'),
  proposeSubmit: $('propose-submit'),
};

/** The signed-in session: `{ name, role, csrfToken, expiresAt }`, or null. */
let session = null;
const vocabulary = { countries: [], categories: [], precisions: [], country: new Map(), category: new Map() };
/** Feeds seen in any answer, so the feed filter offers them (id → title). */
const feeds = new Map();
let filters = readFilters();
let candidates = [];
let total = 0;
/** The candidate shown, as last read from the server, with its history. */
let current = null;
let selectedId = new URLSearchParams(location.search).get('candidate') ?? '';
/** The candidate whose proposed fields fill the edit form (so a refresh keeps the reviewer's edits). */
let formFor = '';
/** Conflicts met on candidates (id → the API's details): shown until the reviewer moves on. */
const conflicts = new Map();
let mergeChoice = null;
/** The page's share of the configuration: how long a decision can be undone. */
let settings = { undoWindowMs: 30_000 };
/** The last decision this page made, while it can be undone: `{ id, action, until }`. */
let lastDecision = null;
/** Edits a reviewer made to a candidate someone else then approved: `{ id, entryId, edits }`. */
let keptEdits = null;
let live = null;
let deciding = false;
let listRequest;
let detailRequest;
let mergeRequest;

// ---------- the API ----------

const api = apiClient({
  csrfToken: () => session?.csrfToken,
  onSessionEnded: () =>
    showSignIn('Your session has ended (it expired, or its key was revoked). Sign in again.'),
});

// ---------- signing in and out ----------

dom.signinForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = dom.signinKey.value.trim();
  if (!key) {
    showSigninError('Enter your API key.');
    dom.signinKey.focus();
    return;
  }
  dom.signinSubmit.disabled = true;
  showSigninError('');
  try {
    const info = await api('POST', '/api/session', { key });
    // The key is not needed any more: the session cookie stands in for it.
    dom.signinKey.value = '';
    showReview(info);
  } catch (error) {
    showSigninError(
      error.status === 401
        ? 'That key was not accepted: it is mistyped, unknown or revoked.'
        : error.status === 429
          ? `Too many sign-in attempts. Try again in ${error.retryAfter ?? 60} seconds.`
          : `Could not sign in. ${error.message}`,
    );
    dom.signinKey.select();
  } finally {
    dom.signinSubmit.disabled = false;
  }
});

function showSigninError(message, { tone = 'error' } = {}) {
  dom.signinError.textContent = message;
  dom.signinError.hidden = !message;
  dom.signinError.classList.toggle('form-note', tone === 'note');
}

dom.signOut.addEventListener('click', async () => {
  try {
    await api('DELETE', '/api/session');
  } catch (error) {
    // An ended session is signed out already; anything else, say so and stay.
    if (error.status !== 401) {
      flash(`Could not sign out. ${error.message}`, 'error');
      return;
    }
  }
  showSignIn('You are signed out.', { tone: 'note' });
});

function showSignIn(message = '', options = {}) {
  session = null;
  live?.close();
  live = null;
  keptEdits = null;
  lastDecision = null;
  listRequest?.abort();
  detailRequest?.abort();
  candidates = [];
  current = null;
  formFor = '';
  conflicts.clear();
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  dom.who.hidden = true;
  dom.reviewView.hidden = true;
  dom.signinView.hidden = false;
  dom.list.replaceChildren();
  showCandidate(null);
  flash('');
  showSigninError(message, options);
  document.title = 'Sign in · Review queue';
  dom.signinKey.focus();
}

function showReview(info) {
  session = info;
  dom.whoText.textContent = `Signed in as ${info.name} (${info.role})`;
  dom.who.hidden = false;
  dom.signinView.hidden = true;
  dom.reviewView.hidden = false;
  document.title = 'Review queue · China–Central Asia security timeline';
  syncFilterForm();
  if (info.role === 'viewer') {
    dom.queueStatus.textContent = '';
    flash(
      'This key is a viewer key: it can read, but reviewing needs a reviewer or admin key. Sign out and sign in with one.',
      'error',
    );
    return;
  }
  void loadCandidates();
  void loadFeeds();
  void api('GET', '/api/review/settings')
    .then((loaded) => (settings = loaded))
    .catch(() => undefined);
  listen();
}

// ---------- filters (kept in the URL, so a reload keeps them) ----------

function readFilters() {
  const params = new URLSearchParams(location.search);
  const next = { ...DEFAULT_FILTERS };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null) next[key] = value.trim();
  }
  if (!STATUS_LABELS[next.status]) next.status = 'pending';
  return next;
}

function filterParams() {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== '') params.set(key, filters[key]);
  return params;
}

function writeUrl() {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== DEFAULT_FILTERS[key]) params.set(key, filters[key]);
  if (selectedId) params.set('candidate', selectedId);
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

function syncFilterForm() {
  for (const key of FILTER_KEYS) {
    const control = $(`f-${key}`);
    // A feed from a shared link that no answer has named yet is still offered.
    if (
      control.tagName === 'SELECT' &&
      filters[key] &&
      !control.querySelector(`option[value="${CSS.escape(filters[key])}"]`)
    )
      control.append(new Option(filters[key], filters[key]));
    control.value = filters[key];
  }
}

function applyFilters() {
  const next = {};
  for (const key of FILTER_KEYS) next[key] = $(`f-${key}`).value.trim();
  if (FILTER_KEYS.every((key) => next[key] === filters[key])) return;
  filters = next;
  writeUrl();
  void loadCandidates();
}

let searchTimer;
dom.filters.addEventListener('change', (event) => {
  if (event.target.id === 'f-q') return;
  applyFilters();
});
$('f-q').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(applyFilters, SEARCH_DELAY_MS);
});
dom.filters.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(searchTimer);
  applyFilters();
});

/** Every registered feed, so the filter offers feeds with nothing pending too. */
async function loadFeeds() {
  try {
    const answer = await api('GET', '/api/feeds?status=all');
    learnFeeds(
      answer.feeds.map((feed) => ({ feedId: feed.id, outlet: feed.title ?? hostOf(feed.url) ?? feed.url })),
    );
  } catch (error) {
    // The filter still offers the feeds the queue's candidates come from.
    if (error.status !== 401) console.warn(`Could not list the feeds: ${error.message}`);
  }
}

function learnFeeds(items) {
  let added = false;
  for (const item of items) {
    if (item?.feedId && !feeds.has(item.feedId)) {
      feeds.set(item.feedId, item.outlet || item.feedTitle || item.feedId);
      added = true;
    }
  }
  if (!added) return;
  const select = $('f-feed');
  const chosen = select.value;
  const options = [...feeds]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([id, title]) => new Option(title, id));
  select.replaceChildren(new Option('Any feed', ''), ...options);
  select.value = chosen;
}

// ---------- the queue ----------

async function loadCandidates({ append = false, open } = {}) {
  listRequest?.abort();
  const request = new AbortController();
  listRequest = request;
  document.body.classList.add('loading');
  dom.list.setAttribute('aria-busy', 'true');
  const params = filterParams();
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String(append ? candidates.length : 0));
  try {
    const page = await api('GET', `/api/review/candidates?${params}`, undefined, { signal: request.signal });
    if (request !== listRequest) return;
    candidates = append ? [...candidates, ...page.candidates] : page.candidates;
    total = page.total;
    learnFeeds(page.candidates.flatMap((c) => [c.item, ...c.corroborations]));
    renderList();
    if (append) return;
    const wanted = open ?? selectedId;
    if (wanted && candidates.some((c) => c.id === wanted)) {
      if (current?.id !== wanted) void openCandidate(wanted);
    } else if (wanted && open) {
      void openCandidate(wanted);
    } else if (candidates.length > 0) {
      void openCandidate(candidates[0].id);
    } else {
      selectCandidate('');
      showCandidate(null);
    }
  } catch (error) {
    if (aborted(error) || request !== listRequest) return;
    dom.queueStatus.textContent = `Could not load the queue. ${error.message}`;
    dom.queueStatus.classList.add('status-error');
  } finally {
    if (request === listRequest) {
      document.body.classList.remove('loading');
      dom.list.setAttribute('aria-busy', 'false');
    }
  }
}

dom.loadMore.addEventListener('click', () => void loadCandidates({ append: true }));

function renderList() {
  const status = STATUS_LABELS[filters.status].toLowerCase();
  dom.queueStatus.classList.remove('status-error');
  dom.queueStatus.textContent =
    total === 0
      ? `No ${status} candidates.`
      : `${total} ${status} candidate${total === 1 ? '' : 's'}${candidates.length < total ? `, ${candidates.length} shown` : ''}.`;
  dom.queueEmpty.hidden = total > 0;
  dom.loadMore.hidden = candidates.length >= total;
  dom.list.replaceChildren(...candidates.map(renderRow));
  markSelected();
}

function renderRow(candidate) {
  const li = element('li', { className: 'candidate-row' });
  const button = element('button', { type: 'button', className: 'candidate-button' });
  button.dataset.id = candidate.id;
  const meta = element('span', { className: 'row-meta' });
  const score = candidate.relevance ? formatScore(candidate.relevance.score) : 'manual';
  meta.append(
    element(
      'span',
      {
        className: `score-badge${candidate.relevance ? '' : ' score-manual'}`,
        title: candidate.relevance ? 'Relevance score' : 'Proposed by a reviewer',
      },
      score,
    ),
    element('span', { className: 'row-feed' }, outletLine(candidate)),
    element(
      'time',
      { className: 'row-date', dateTime: candidate.item.publishedAt },
      `${candidate.item.publishedAtEstimated ? '≈ ' : ''}${formatDay(candidate.item.publishedAt)}`,
    ),
  );
  if (candidate.corroborations.length > 0)
    meta.append(
      element(
        'span',
        { className: 'row-sources' },
        `+${candidate.corroborations.length} source${candidate.corroborations.length === 1 ? '' : 's'}`,
      ),
    );
  if (candidate.status !== filters.status || conflicts.has(candidate.id))
    meta.append(
      element('span', { className: `tag tag-${candidate.status}` }, STATUS_LABELS[candidate.status]),
    );
  // A reviewer's own proposal is known by what it proposes; a feed item by its headline.
  const title = candidate.origin === 'reviewer' ? candidate.proposed.title : candidate.item.title;
  button.append(element('span', { className: 'row-title' }, title), meta);
  li.append(button);
  return li;
}

dom.list.addEventListener('click', (event) => {
  const button = event.target.closest('.candidate-button');
  if (!button) return;
  void openCandidate(button.dataset.id);
  // On a phone the candidate is below the list: show it, from its top.
  if (window.matchMedia('(max-width: 900px)').matches) revealCandidate();
});

/** Scrolls the candidate's top (the confirmation above it, if any) into view. */
function revealCandidate() {
  const top = dom.decisionFlash.hidden ? dom.candidate : dom.decisionFlash;
  top.scrollIntoView({ block: 'start' });
}

function markSelected() {
  for (const button of dom.list.querySelectorAll('.candidate-button')) {
    const selected = button.dataset.id === selectedId;
    button.classList.toggle('selected', selected);
    if (selected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

function selectCandidate(id) {
  selectedId = id;
  markSelected();
  writeUrl();
}

function rowButton(id) {
  return dom.list.querySelector(`.candidate-button[data-id="${CSS.escape(id)}"]`);
}

/** Moves through the list (j/k): opens the next or previous candidate and focuses its row. */
function move(step) {
  if (candidates.length === 0) return;
  const index = candidates.findIndex((c) => c.id === selectedId);
  const next = index < 0 ? 0 : Math.min(candidates.length - 1, Math.max(0, index + step));
  const id = candidates[next].id;
  if (id !== selectedId) void openCandidate(id);
  const button = rowButton(id);
  button?.focus({ preventScroll: true });
  button?.scrollIntoView({ block: 'nearest' });
}

// ---------- one candidate ----------

async function openCandidate(id, { refresh = false } = {}) {
  if (id !== selectedId) {
    // Moving on: the last conflict message has been read (and kept edits let go).
    conflicts.delete(selectedId);
    if (keptEdits?.id === selectedId) keptEdits = null;
    closePanels();
  }
  selectCandidate(id);
  const known = candidates.find((c) => c.id === id);
  if (known && !refresh && current?.id !== id) showCandidate({ ...known, history: undefined });
  detailRequest?.abort();
  const request = new AbortController();
  detailRequest = request;
  try {
    const answer = await api('GET', `/api/review/candidates/${encodeURIComponent(id)}`, undefined, {
      signal: request.signal,
    });
    if (request !== detailRequest) return;
    const view = answer.candidate ?? answer;
    view.history = answer.history ?? [];
    replaceInList(view);
    showCandidate(view);
  } catch (error) {
    if (aborted(error) || request !== detailRequest) return;
    if (error.status === 404) {
      flash('That candidate does not exist (any more).', 'error');
      showCandidate(null);
    } else if (!known) {
      showCandidate(null);
      flash(`Could not load the candidate. ${error.message}`, 'error');
    }
  }
}

function replaceInList(view) {
  const index = candidates.findIndex((c) => c.id === view.id);
  if (index < 0) return;
  const changed = candidates[index].status !== view.status || candidates[index].version !== view.version;
  candidates[index] = view;
  if (changed) {
    rowButton(view.id)?.parentElement.replaceWith(renderRow(view));
    markSelected();
  }
}

function showCandidate(view) {
  current = view;
  dom.candidate.hidden = !view;
  dom.detailEmpty.hidden = Boolean(view);
  if (!view) {
    formFor = '';
    dom.detailEmpty.replaceChildren(
      ...(candidates.length > 0
        ? ['Choose a candidate from the list (or press ', element('kbd', {}, 'j'), ').']
        : ['Nothing to review with these filters.']),
    );
    return;
  }
  const terms = view.relevance?.matched ?? [];

  dom.status.textContent = STATUS_LABELS[view.status] ?? view.status;
  dom.status.className = `tag tag-${view.status}`;
  dom.score.textContent = view.relevance
    ? `Score ${formatScore(view.relevance.score)} (needs ${formatScore(view.relevance.threshold)})`
    : 'Proposed by a reviewer: not scored';
  dom.title.replaceChildren(highlighted(view.item.title, terms));

  const byline = [];
  byline.push(element('span', {}, outletLine(view)));
  const published = element('span', {}, `Published ${formatDay(view.item.publishedAt)}`);
  if (view.item.publishedAtEstimated) {
    published.append(' ');
    published.append(
      element(
        'span',
        { className: 'estimated', title: 'The feed gave no date: this is when we fetched it' },
        'date estimated',
      ),
    );
  }
  byline.push(published);
  if (view.item.language) byline.push(element('span', {}, languageName(view.item.language)));
  byline.push(element('span', {}, `In the queue since ${formatTime(view.proposedAt)}`));
  dom.byline.replaceChildren(...byline);

  dom.excerpt.replaceChildren(
    view.item.excerpt
      ? highlighted(view.item.excerpt, terms)
      : element('span', { className: 'muted' }, 'No excerpt.'),
  );
  dom.sourceLink.replaceChildren(...sourceLink(view.item, 'Read the source'));

  dom.corroborationsSection.hidden = view.corroborations.length === 0;
  dom.corroborations.replaceChildren(...view.corroborations.map(renderCorroboration));
  dom.corroborationsSection.querySelector('h3').textContent =
    `Also reported by (${view.corroborations.length})`;

  dom.relevanceSection.hidden = !view.relevance;
  if (view.relevance) {
    dom.explanation.textContent = view.relevance.explanation;
    const rows = [...terms].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).map(renderTerm);
    dom.termsBody.replaceChildren(...rows);
    dom.terms.hidden = rows.length === 0;
  }

  if (formFor !== view.id) fillEditForm(view.proposed);
  formFor = view.id;
  // A decided candidate's entry is on the timeline (the notice links it): nothing left to edit.
  const open = OPEN.has(view.status);
  const keeping = keptEdits?.id === view.id;
  dom.editForm.hidden = !open && !keeping;
  dom.decide.hidden = !open;
  dom.promote.hidden = view.status !== 'borderline';
  if (!open) closePanels();
  dom.amendForm.hidden = !keeping;
  if (keeping) {
    dom.amendWhat.textContent =
      `${view.decision?.by?.name ?? 'Another reviewer'} approved it first, without your edits to ` +
      `${Object.keys(keptEdits.edits).join(', ')}. They are still in the form below: apply them to the entry as an amendment, or discard them.`;
  }
  const reopenable = view.status === 'rejected' || view.status === 'merged';
  if (dom.reopenForm.hidden === reopenable) clearFieldErrors(dom.reopenForm);
  dom.reopenForm.hidden = !reopenable;

  showDecisionNotice(view);
  dom.history.replaceChildren(...(view.history ?? []).map(renderHistoryItem));
  dom.history.closest('section').hidden = !view.history || view.history.length === 0;
}

function showDecisionNotice(view) {
  const conflict = conflicts.get(view.id);
  const parts = [];
  if (conflict) {
    parts.push(element('strong', {}, conflictMessage(conflict)));
    parts.push(conflict.live ? ' It was decided while you had it open.' : ' Your decision was not recorded.');
  } else if (view.decision) {
    const d = view.decision;
    parts.push(
      element('strong', {}, `${STATUS_LABELS[d.kind] ?? d.kind} by ${d.by.name} at ${formatTime(d.at)}.`),
    );
    if (d.reason) parts.push(` Reason: ${d.reason}`);
    if (d.intoCandidateId) {
      parts.push(' Into ');
      const link = element(
        'a',
        { href: `/review?status=all&candidate=${encodeURIComponent(d.intoCandidateId)}` },
        'the queued item',
      );
      parts.push(link, '.');
    }
  }
  const entryId = conflict?.entryId ?? view.decision?.entryId;
  if (parts.length > 0 && entryId) parts.push(' ', entryLink(entryId, 'See the entry on the timeline'));
  dom.notice.replaceChildren(...parts);
  dom.notice.hidden = parts.length === 0;
  dom.notice.classList.toggle('conflict', Boolean(conflict));
}

function conflictMessage(details) {
  const status = details.status ?? 'decided';
  const who = details.decidedBy ?? 'another reviewer';
  const when = details.decidedAt ? ` at ${formatTime(details.decidedAt)}` : '';
  return `Already ${status} by ${who}${when}.`;
}

function renderCorroboration(item) {
  const li = element('li', { className: 'corroboration' });
  const title = element('p', { className: 'corroboration-title' });
  if (isWebUrl(item.link))
    title.append(element('a', { href: item.link, rel: 'noopener noreferrer', target: '_blank' }, item.title));
  else title.textContent = item.title;
  const date = `${formatDay(item.publishedAt)}${item.publishedAtEstimated ? ' (date estimated)' : ''}`;
  li.append(
    title,
    element(
      'p',
      { className: 'byline' },
      [item.outlet ?? item.feedTitle ?? hostOf(item.link) ?? '', date].filter(Boolean).join(' · '),
    ),
  );
  return li;
}

function renderTerm(match) {
  const tr = element('tr', { className: match.weight < 0 ? 'negative' : '' });
  const term = element('td');
  term.append(element('mark', { className: match.weight < 0 ? 'mark-negative' : '' }, match.term));
  tr.append(
    term,
    element('td', {}, [match.group, match.concept].filter(Boolean).join(': ')),
    element('td', {}, match.field === 'title' ? 'title' : 'text'),
    element('td', { className: 'num' }, `${match.weight > 0 ? '+' : ''}${formatScore(match.weight)}`),
  );
  return tr;
}

function renderHistoryItem(item) {
  const li = element('li', { className: `history-item history-${item.type}` });
  const head = element('p', { className: 'history-head' });
  head.append(
    element('strong', {}, HISTORY_LABELS[item.type] ?? item.type),
    ' by ',
    element('span', { className: 'history-actor' }, item.name ? `${item.name} (${item.actor})` : item.actor),
    ' · ',
    element('time', { dateTime: item.recordedAt, title: item.recordedAt }, formatTime(item.recordedAt)),
  );
  li.append(head);
  if (item.reason) li.append(element('p', { className: 'history-reason' }, `Why: ${item.reason}`));
  if (item.item) li.append(element('p', { className: 'history-reason' }, item.item.title));
  if (item.edits && Object.keys(item.edits).length > 0)
    li.append(element('p', { className: 'history-reason' }, `Edited: ${Object.keys(item.edits).join(', ')}`));
  if (item.entryId) {
    const p = element('p', { className: 'history-reason' });
    p.append(entryLink(item.entryId, 'The entry'));
    li.append(p);
  }
  return li;
}

/**
 * The text with every occurrence of the matched terms wrapped in <mark>, as DOM nodes (text nodes
 * and <mark> elements whose textContent is set): the feed's text is never parsed as HTML.
 */
function highlighted(text, matches) {
  const fragment = document.createDocumentFragment();
  const ranges = [];
  for (const match of matches) {
    if (typeof match.term !== 'string' || match.term.trim() === '') continue;
    const pattern = new RegExp(escapeRegExp(match.term), 'giu');
    for (const found of text.matchAll(pattern)) {
      if (found[0].length === 0) continue;
      ranges.push({ start: found.index, end: found.index + found[0].length, negative: match.weight < 0 });
    }
  }
  // Longest first where two start together; a range inside one already marked is dropped.
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  let at = 0;
  for (const range of ranges) {
    if (range.start < at) continue;
    if (range.start > at) fragment.append(text.slice(at, range.start));
    fragment.append(
      element(
        'mark',
        { className: range.negative ? 'mark-negative' : '' },
        text.slice(range.start, range.end),
      ),
    );
    at = range.end;
  }
  if (at < text.length) fragment.append(text.slice(at));
  return fragment;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------- the edit form ----------

function fillChoices(scope, name, options, chosen) {
  const grid = scope.querySelector(`[data-choices="${name}"]`);
  const known = new Set(options.map((o) => o.value));
  // A value outside the vocabulary (an old proposal) is still shown, so it can be unticked.
  const all = [...options, ...chosen.filter((v) => !known.has(v)).map((value) => ({ value, label: value }))];
  const wanted = new Set(chosen);
  grid.replaceChildren(
    ...all.map((option) => {
      const label = element('label', { className: 'choice' });
      label.append(
        element('input', { type: 'checkbox', name, value: option.value, checked: wanted.has(option.value) }),
        element('span', {}, option.label),
      );
      return label;
    }),
  );
}

function checkedValues(scope, name) {
  return [...scope.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
}

function fillPrecisions(select) {
  if (select.options.length > 0) return;
  for (const precision of vocabulary.precisions)
    select.append(new Option(PRECISION_LABELS[precision] ?? precision, precision));
}

function fillEditForm(proposed) {
  clearFieldErrors(dom.editForm);
  dom.eTitle.value = proposed.title;
  dom.eSummary.value = proposed.summary;
  fillPrecisions(dom.eDatePrecision);
  dom.eDateStart.value = proposed.date.start;
  dom.eDateEnd.value = proposed.date.end ?? '';
  dom.eDatePrecision.value = proposed.date.precision;
  fillChoices(dom.editForm, 'countries', vocabulary.countries, proposed.countries);
  fillChoices(dom.editForm, 'categories', vocabulary.categories, proposed.categories);
  dom.eActors.value = proposed.actors.join('\n');
}

dom.editReset.addEventListener('click', () => {
  if (current) fillEditForm(current.proposed);
  dom.eTitle.focus();
});

function lines(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function dateFrom(start, end, precision) {
  const date = { start: start.value.trim(), precision: precision.value };
  if (end.value.trim()) date.end = end.value.trim();
  return date;
}

const sameSet = (a, b) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Only the fields the reviewer changed: the approval records them as edits. */
function editedFields() {
  const proposed = current.proposed;
  const edits = {};
  const title = dom.eTitle.value.trim();
  if (title !== proposed.title) edits.title = title;
  const summary = dom.eSummary.value.trim();
  if (summary !== proposed.summary) edits.summary = summary;
  const date = dateFrom(dom.eDateStart, dom.eDateEnd, dom.eDatePrecision);
  if (
    date.start !== proposed.date.start ||
    (date.end ?? '') !== (proposed.date.end ?? '') ||
    date.precision !== proposed.date.precision
  )
    edits.date = date;
  const countries = checkedValues(dom.editForm, 'countries');
  if (!sameSet(countries, proposed.countries)) edits.countries = countries;
  const categories = checkedValues(dom.editForm, 'categories');
  if (!sameSet(categories, proposed.categories)) edits.categories = categories;
  const actors = lines(dom.eActors.value);
  if (actors.join('\n') !== proposed.actors.join('\n')) edits.actors = actors;
  return edits;
}

// ---------- deciding ----------

const canDecide = () => Boolean(current) && OPEN.has(current.status) && !deciding && !dom.decide.hidden;

dom.promote.addEventListener('click', () => void promote());

async function promote() {
  if (!canDecide() || current.status !== 'borderline') return;
  await decide('promote', undefined);
}

dom.approve.addEventListener('click', () => void approve());

async function approve() {
  if (!canDecide()) return;
  await decide('approve', editedFields());
}

dom.rejectOpen.addEventListener('click', () => openPanel('reject'));
dom.mergeOpen.addEventListener('click', () => openPanel('merge'));
for (const button of document.querySelectorAll('[data-close-panel]'))
  button.addEventListener('click', () => {
    closePanels();
    dom.approve.focus();
  });

function openPanel(which) {
  if (!canDecide()) return;
  const reject = which === 'reject';
  dom.rejectForm.hidden = !reject;
  dom.mergeForm.hidden = reject;
  dom.rejectOpen.setAttribute('aria-expanded', String(reject));
  dom.mergeOpen.setAttribute('aria-expanded', String(!reject));
  const field = reject ? dom.rejectReason : dom.mergeQ;
  field.scrollIntoView({ block: 'nearest' });
  field.focus();
}

function closePanels() {
  dom.rejectForm.hidden = true;
  dom.mergeForm.hidden = true;
  dom.rejectOpen.setAttribute('aria-expanded', 'false');
  dom.mergeOpen.setAttribute('aria-expanded', 'false');
  dom.rejectReason.value = '';
  dom.rejectCode.value = '';
  dom.mergeQ.value = '';
  dom.mergeResults.replaceChildren();
  dom.mergeStatus.textContent = '';
  chooseMergeTarget(null);
  clearFieldErrors(dom.rejectForm);
  clearFieldErrors(dom.mergeForm);
  dom.decideError.hidden = true;
}

dom.rejectForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!canDecide()) return;
  const reason = dom.rejectReason.value.trim();
  const reasonCode = dom.rejectCode.value;
  clearFieldErrors(dom.rejectForm);
  if (!reasonCode && !reason) {
    showFieldError(dom.rejectCode, 'Choose a reason, or say why in your words.');
    return;
  }
  if (reasonCode === 'other' && reason.length < 3) {
    showFieldError(dom.rejectReason, 'Say why in a few words: “Other” needs your reason.');
    return;
  }
  void decide('reject', { ...(reasonCode ? { reasonCode } : {}), ...(reason ? { reason } : {}) });
});
// Enter rejects (the reason is short); Shift+Enter starts a new line.
dom.rejectReason.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    dom.rejectForm.requestSubmit();
  }
});

let mergeTimer;
dom.mergeQ.addEventListener('input', () => {
  clearTimeout(mergeTimer);
  mergeTimer = setTimeout(searchEntries, SEARCH_DELAY_MS);
});
dom.mergeQ.addEventListener('keydown', (event) => {
  // Enter searches at once rather than merging into whatever was chosen before.
  if (event.key === 'Enter') {
    event.preventDefault();
    clearTimeout(mergeTimer);
    void searchEntries();
  }
});

async function searchEntries() {
  const q = dom.mergeQ.value.trim();
  mergeRequest?.abort();
  if (!q) {
    dom.mergeResults.replaceChildren();
    dom.mergeStatus.textContent = '';
    return;
  }
  const request = new AbortController();
  mergeRequest = request;
  dom.mergeStatus.textContent = 'Searching the timeline and the queue…';
  try {
    const answer = await api(
      'GET',
      `/api/review/candidates/${encodeURIComponent(current.id)}/merge-targets?${new URLSearchParams({ q })}`,
      undefined,
      { signal: request.signal },
    );
    if (request !== mergeRequest) return;
    const targets = answer.targets;
    dom.mergeStatus.textContent =
      targets.length === 0
        ? 'Nothing on the timeline or in the queue shares these words, countries or dates.'
        : `${targets.length} found, the likeliest first. Choose one.`;
    dom.mergeResults.replaceChildren(
      ...targets.map((target) => {
        const li = element('li');
        const button = element('button', { type: 'button', className: 'merge-option' });
        button.dataset.id = target.id;
        button.setAttribute('aria-pressed', String(mergeChoice?.id === target.id));
        button.append(
          element('span', { className: 'merge-option-title' }, target.title),
          element(
            'span',
            { className: 'merge-option-meta' },
            [
              target.kind === 'entry' ? 'Entry' : 'Queued item',
              formatEntryDate(target.date),
              target.countries.map(countryName).join(', '),
            ]
              .filter(Boolean)
              .join(' · '),
          ),
          element('span', { className: 'merge-option-meta' }, `Shares ${target.shared.join('; ')}`),
        );
        button.addEventListener('click', () => chooseMergeTarget(target));
        li.append(button);
        return li;
      }),
    );
  } catch (error) {
    if (aborted(error) || request !== mergeRequest) return;
    dom.mergeStatus.textContent = `Could not search the timeline. ${error.message}`;
  }
}

function chooseMergeTarget(entry) {
  mergeChoice = entry ? { id: entry.id, title: entry.title, kind: entry.kind ?? 'entry' } : null;
  for (const button of dom.mergeResults.querySelectorAll('.merge-option'))
    button.setAttribute('aria-pressed', String(button.dataset.id === mergeChoice?.id));
  dom.merge.disabled = !mergeChoice;
  dom.mergeChoice.hidden = !mergeChoice;
  if (mergeChoice) {
    dom.mergeChoice.replaceChildren(
      mergeChoice.kind === 'entry' ? 'Merge into the entry: ' : 'Merge into the queued item: ',
      element('strong', {}, mergeChoice.title),
    );
    clearFieldErrors(dom.mergeForm);
  }
}

dom.mergeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!canDecide()) return;
  if (!mergeChoice) {
    showFieldError(dom.mergeQ, 'Search for the entry and choose it first.');
    return;
  }
  void decide(
    'merge',
    mergeChoice.kind === 'entry' ? { entryId: mergeChoice.id } : { candidateId: mergeChoice.id },
  );
});

/** Sends a decision; on success the candidate leaves the queue and the next one opens. */
async function decide(action, body) {
  const candidate = current;
  deciding = true;
  document.body.classList.add('deciding');
  dom.decideError.hidden = true;
  clearFieldErrors(dom.editForm);
  try {
    const result = await api(
      'POST',
      `/api/review/candidates/${encodeURIComponent(candidate.id)}/${action}`,
      body,
    );
    afterDecision(candidate, action, result);
  } catch (error) {
    if (error.status === 409 && error.code === 'CANDIDATE_DECIDED') {
      conflicts.set(candidate.id, error.details);
      keepEditsIfApproved(candidate, error.details);
      flash(conflictMessage(error.details), 'error');
      // Show what was decided, and by whom: the page's copy was out of date.
      await openCandidate(candidate.id, { refresh: true });
      dom.notice.scrollIntoView({ block: 'nearest' });
      dom.notice.focus({ preventScroll: true });
    } else if (error.status === 400 && error.details.field) {
      showApiFieldError(action, error);
    } else if (error.status === 403 && error.code === 'OWN_PROPOSAL') {
      dom.decideError.textContent =
        'You proposed this one yourself: another reviewer approves it (four eyes).';
      dom.decideError.hidden = false;
    } else if (error.status === 401) {
      // The session ended; showSignIn has taken over.
    } else {
      dom.decideError.textContent = `Not recorded. ${error.message}`;
      dom.decideError.hidden = false;
    }
  } finally {
    deciding = false;
    document.body.classList.remove('deciding');
  }
}

function afterDecision(candidate, action, result) {
  const entry = result.entry;
  const message =
    action === 'promote'
      ? [element('strong', {}, 'Promoted: '), `“${candidate.item.title}” is in the queue now.`]
      : action === 'approve'
        ? [
            element('strong', {}, 'Approved: '),
            `“${entry?.title ?? candidate.proposed.title}” is on the timeline. `,
          ]
        : action === 'merge'
          ? [
              element('strong', {}, 'Merged: '),
              `“${candidate.item.title}” is now a source of “${entry?.title ?? mergeChoice?.title ?? 'the queued item'}”. `,
            ]
          : [element('strong', {}, 'Rejected: '), `“${candidate.item.title}”.`];
  if (entry?.id) message.push(entryLink(entry.id, 'Open the entry'), ' ');
  if (action === 'approve' || action === 'reject') {
    lastDecision = { id: candidate.id, action, until: Date.now() + settings.undoWindowMs };
    const undo = element('button', { type: 'button', className: 'button-quiet undo' }, 'Undo ');
    undo.append(element('kbd', {}, 'u'));
    undo.addEventListener('click', () => void undoLast());
    message.push(undo);
  }
  decisionFlash(message, 'success');

  const index = candidates.findIndex((c) => c.id === candidate.id);
  const stillListed = result.candidate && result.candidate.status === filters.status;
  if (index >= 0 && !stillListed) {
    candidates.splice(index, 1);
    total = Math.max(0, total - 1);
    renderList();
    const next = candidates[index] ?? candidates[index - 1];
    formFor = '';
    if (next) {
      void openCandidate(next.id);
      rowButton(next.id)?.focus({ preventScroll: true });
      // The next candidate from its top, with the confirmation above it in view.
      revealCandidate();
    } else {
      selectCandidate('');
      showCandidate(null);
      dom.list.focus();
      // The page may hold the last of what is loaded while more wait on the server.
      if (total > 0) void loadCandidates();
    }
  } else if (result.candidate) {
    replaceInList(result.candidate);
    void openCandidate(candidate.id, { refresh: true });
  }
}

// ---------- field errors ----------

/** The control the API's `details.field` names, for the decision that was sent. */
function controlFor(action, field) {
  const parts = String(field)
    .split('.')
    .filter((part) => !FIELD_PREFIXES.has(part));
  const [head, sub] = parts;
  if (action === 'reject') return dom.rejectReason;
  if (action === 'merge') return dom.mergeQ;
  if (action === 'propose') {
    if (head === 'source') return $(`p-source-${sub ?? 'title'}`);
    if (head === 'date') return $(`p-date-${sub ?? 'start'}`);
    return $(`p-${head}`);
  }
  if (head === 'date') return $(`e-date-${sub ?? 'start'}`);
  return $(`e-${head}`);
}

function showApiFieldError(action, error) {
  const control = controlFor(action, error.details.field);
  if (control && $(`${control.id}-error`)) {
    showFieldError(control, error.message);
  } else {
    const target = action === 'propose' ? dom.proposeError : dom.decideError;
    target.textContent = error.message;
    target.hidden = false;
  }
}

function showFieldError(control, message, { focus = true } = {}) {
  const note = $(`${control.id}-error`);
  note.textContent = message;
  note.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  control.closest('.field, fieldset')?.classList.add('invalid');
  if (!focus) return;
  const focusable = control.tagName === 'FIELDSET' ? control.querySelector('input') : control;
  focusable?.scrollIntoView({ block: 'center' });
  focusable?.focus({ preventScroll: true });
}

function clearFieldErrors(scope) {
  for (const note of scope.querySelectorAll('.field-error')) {
    note.hidden = true;
    note.textContent = '';
  }
  for (const invalid of scope.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  for (const box of scope.querySelectorAll('.invalid')) box.classList.remove('invalid');
}

// ---------- proposing an entry by hand ----------

const PRECISION_EXAMPLES = { day: '2024-05-17', month: '2024-05', year: '2024' };

/**
 * Every field of the propose form that the server would refuse, with what is wrong in plain words
 * (the server checks again; this only saves the reviewer a round trip per field).
 */
function proposalProblems(body) {
  const problems = [];
  const { source, date } = body;
  if (!source.title)
    problems.push(['p-source-title', 'Name the source: its headline or the document’s title.']);
  if (source.url && !isWebUrl(source.url))
    problems.push(['p-source-url', 'The link must be a web address starting with http:// or https://.']);
  if (source.publishedAt && !/^\d{4}-\d{2}-\d{2}$/.test(source.publishedAt))
    problems.push(['p-source-publishedAt', 'Give the publication date as year-month-day, like 2024-05-17.']);
  if (!body.title) problems.push(['p-title', 'Give the entry a title: what happened, in a line.']);
  if (!body.summary) problems.push(['p-summary', 'Write a sentence or two on what happened.']);
  if (!date.start) problems.push(['p-date-start', 'Say when it happened: a year, a month or a day.']);
  else if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date.start))
    problems.push(['p-date-start', 'Write the date as 2024, 2024-05 or 2024-05-17.']);
  else if (
    PRECISION_EXAMPLES[date.precision] &&
    date.start.length !== PRECISION_EXAMPLES[date.precision].length
  )
    problems.push([
      'p-date-start',
      `For “${PRECISION_LABELS[date.precision]}”, write the date like ${PRECISION_EXAMPLES[date.precision]}, or change the precision.`,
    ]);
  if (date.precision === 'range' && !date.end) problems.push(['p-date-end', 'A range needs an end date.']);
  if (date.end && date.precision !== 'range')
    problems.push(['p-date-end', 'Only a range has an end date: clear it, or choose “Range”.']);
  if (body.countries.length === 0) problems.push(['p-countries', 'Tick at least one country.']);
  if (body.categories.length === 0) problems.push(['p-categories', 'Tick at least one category.']);
  return problems;
}

$('propose-open').addEventListener('click', () => {
  const form = dom.proposeForm;
  if (!form.querySelector('[data-choices="countries"] input')) {
    fillChoices(form, 'countries', vocabulary.countries, []);
    fillChoices(form, 'categories', vocabulary.categories, []);
    fillPrecisions($('p-date-precision'));
  }
  dom.proposeError.hidden = true;
  dom.propose.showModal();
  $('p-source-title').focus();
});
for (const button of document.querySelectorAll('[data-close-dialog]'))
  button.addEventListener('click', () => button.closest('dialog').close());

dom.proposeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = dom.proposeForm;
  clearFieldErrors(form);
  dom.proposeError.hidden = true;
  const value = (id) => $(id).value.trim();
  const source = { title: value('p-source-title') };
  for (const [key, id] of [
    ['url', 'p-source-url'],
    ['publisher', 'p-source-publisher'],
    ['publishedAt', 'p-source-publishedAt'],
    ['note', 'p-source-note'],
  ])
    if (value(id)) source[key] = value(id);
  const body = {
    title: value('p-title'),
    summary: value('p-summary'),
    date: dateFrom($('p-date-start'), $('p-date-end'), $('p-date-precision')),
    countries: checkedValues(form, 'countries'),
    actors: lines($('p-actors').value),
    categories: checkedValues(form, 'categories'),
    source,
  };
  const problems = proposalProblems(body);
  if (problems.length > 0) {
    for (const [id, message] of problems) showFieldError($(id), message, { focus: false });
    dom.proposeError.textContent =
      problems.length === 1 ? 'One field needs attention.' : `${problems.length} fields need attention.`;
    dom.proposeError.hidden = false;
    const first = $(problems[0][0]);
    (first.tagName === 'FIELDSET' ? first.querySelector('input') : first)?.focus();
    return;
  }
  dom.proposeSubmit.disabled = true;
  try {
    const created = await api('POST', '/api/review/candidates', body);
    dom.propose.close();
    form.reset();
    flash(
      [element('strong', {}, 'Proposed: '), created.proposed.title, '. It waits in the queue for a review.'],
      'success',
    );
    if (filters.status !== 'pending') {
      filters = { ...filters, status: 'pending' };
      syncFilterForm();
      writeUrl();
    }
    await loadCandidates({ open: created.id });
  } catch (error) {
    if (error.status === 400 && error.details.field) showApiFieldError('propose', error);
    else if (error.status !== 401) {
      dom.proposeError.textContent = `Not proposed. ${error.message}`;
      dom.proposeError.hidden = false;
    }
  } finally {
    dom.proposeSubmit.disabled = false;
  }
});

// ---------- keyboard ----------

$('shortcuts-open').addEventListener('click', () => dom.shortcuts.showModal());

function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return (
    target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  );
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (dom.reviewView.hidden || document.querySelector('dialog[open]')) return;
  if (isTyping(event.target)) {
    // Escape leaves the field, so the shortcuts work again.
    if (event.key === 'Escape') event.target.blur();
    return;
  }
  const actions = {
    j: () => move(1),
    k: () => move(-1),
    a: () => void approve(),
    p: () => void promote(),
    u: () => void undoLast(),
    r: () => openPanel('reject'),
    m: () => openPanel('merge'),
    e: () => {
      if (!current || !OPEN.has(current.status)) return;
      dom.eTitle.scrollIntoView({ block: 'center' });
      dom.eTitle.focus({ preventScroll: true });
    },
    '?': () => dom.shortcuts.showModal(),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

// ---------- small things ----------

let flashTimer;
function flash(message, tone = 'info') {
  clearTimeout(flashTimer);
  const parts = Array.isArray(message) ? message : [message];
  dom.flash.replaceChildren(...parts.filter((p) => p !== ''));
  dom.flash.hidden = parts.every((p) => p === '');
  dom.flash.className = `flash flash-${tone}`;
}

function entryLink(entryId, text) {
  return element('a', { href: `/?entry=${encodeURIComponent(entryId)}` }, text);
}

function sourceLink(item, text) {
  if (!isWebUrl(item.link)) return [element('span', { className: 'muted' }, 'No link to the source.')];
  let host = '';
  try {
    host = new URL(item.link).host;
  } catch {
    host = '';
  }
  return [
    element('a', { href: item.link, rel: 'noopener noreferrer', target: '_blank' }, text),
    element('span', { className: 'muted' }, ` (${host})`),
  ];
}

const scoreFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
function formatScore(value) {
  return typeof value === 'number' ? scoreFormat.format(value) : String(value);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
function formatDay(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? String(iso ?? '') : dayFormat.format(time);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
function formatTime(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? String(iso ?? '') : timeFormat.format(time);
}

const languageNames =
  typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;
function languageName(code) {
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

function countryName(code) {
  return vocabulary.country.get(code) ?? code;
}

// ---------- undo, reopen, amend, the live queue ----------

let decisionFlashTimer;
/** The confirmation of a decision, at the top of the candidate panel (the next candidate is below it). */
function decisionFlash(parts, tone) {
  clearTimeout(decisionFlashTimer);
  flash('');
  dom.decisionFlash.replaceChildren(...parts.filter((p) => p !== ''));
  dom.decisionFlash.className = `flash decision-flash flash-${tone}`;
  dom.decisionFlash.hidden = false;
  if (lastDecision) {
    // The undo button goes when the window closes; the message stays until the next decision.
    decisionFlashTimer = setTimeout(
      () => dom.decisionFlash.querySelector('.undo')?.remove(),
      Math.max(0, lastDecision.until - Date.now()),
    );
  }
}

async function undoLast() {
  if (!lastDecision || Date.now() > lastDecision.until || deciding) return;
  const { id } = lastDecision;
  deciding = true;
  try {
    const result = await api('POST', `/api/review/candidates/${encodeURIComponent(id)}/undo`);
    lastDecision = null;
    const view = result.candidate;
    decisionFlash(
      [
        element('strong', {}, 'Undone: '),
        `“${view.origin === 'reviewer' ? view.proposed.title : view.item.title}” is ${STATUS_LABELS[view.status].toLowerCase()} again.`,
      ],
      'info',
    );
    formFor = '';
    await loadCandidates({ open: id });
  } catch (error) {
    lastDecision = null;
    dom.decisionFlash.querySelector('.undo')?.remove();
    if (error.status !== 401) flash(`Could not undo it. ${error.message}`, 'error');
  } finally {
    deciding = false;
  }
}

dom.reopenForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!current) return;
  clearFieldErrors(dom.reopenForm);
  const reason = dom.reopenReason.value.trim();
  if (reason.length < 3) {
    showFieldError(dom.reopenReason, 'Say why it deserves another look (a few words).');
    return;
  }
  try {
    const result = await api('POST', `/api/review/candidates/${encodeURIComponent(current.id)}/reopen`, {
      reason,
    });
    dom.reopenReason.value = '';
    decisionFlash([element('strong', {}, 'Reopened: '), 'it is pending in the queue again.'], 'success');
    formFor = '';
    replaceInList(result.candidate);
    await openCandidate(current.id, { refresh: true });
  } catch (error) {
    if (error.status === 400 && error.details.field === 'reason')
      showFieldError(dom.reopenReason, error.message);
    else if (error.status !== 401) flash(`Could not reopen it. ${error.message}`, 'error');
  }
});

/** Another reviewer approved what this one was editing: the edits stay on screen, to amend the entry with. */
function keepEditsIfApproved(candidate, details) {
  if (formFor !== candidate.id || details.status !== 'approved' || !details.entryId) return;
  const edits = editedFields();
  if (Object.keys(edits).length === 0) return;
  keptEdits = { id: candidate.id, entryId: details.entryId, edits };
}

dom.amendForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!keptEdits) return;
  clearFieldErrors(dom.amendForm);
  const reason = dom.amendReason.value.trim();
  if (reason.length < 3) {
    showFieldError(dom.amendReason, 'Say why the entry should change (a few words).');
    return;
  }
  // The form as it stands, compared with the proposal: what the reviewer changed.
  const edits = formFor === keptEdits.id ? editedFields() : keptEdits.edits;
  try {
    await api('POST', `/api/timeline/${encodeURIComponent(keptEdits.entryId)}/amend`, { ...edits, reason });
    const entryId = keptEdits.entryId;
    keptEdits = null;
    dom.amendReason.value = '';
    decisionFlash(
      [
        element('strong', {}, 'Amended: '),
        'your edits are on the entry. ',
        entryLink(entryId, 'Open the entry'),
      ],
      'success',
    );
    if (current) showCandidate(current);
  } catch (error) {
    if (error.status === 400 && error.details.field === 'reason')
      showFieldError(dom.amendReason, error.message);
    else if (error.status !== 401) showFieldError(dom.amendReason, `Not amended. ${error.message}`);
  }
});

$('amend-discard').addEventListener('click', () => {
  keptEdits = null;
  formFor = '';
  if (current) showCandidate(current);
});

/**
 * The live queue: the server tells every open page when any candidate changes. The list is read
 * again (quietly, keeping what is open); the candidate on screen is read again, and if someone
 * else decided it while this reviewer was editing, their edits are kept with "apply as an amendment".
 */
function listen() {
  live?.close();
  if (typeof EventSource !== 'function') return;
  live = new EventSource('/api/review/events');
  let timer;
  live.addEventListener('candidate', (event) => {
    const change = JSON.parse(event.data);
    clearTimeout(timer);
    timer = setTimeout(() => void refreshQueue(), 250);
    if (current?.id === change.candidateId && !deciding) void refreshCurrent(change);
  });
  live.addEventListener('error', () => {
    // EventSource reconnects by itself; a closed stream after sign-out is closed for good.
    if (!session) live?.close();
  });
}

async function refreshQueue() {
  if (!session || deciding) return;
  const params = filterParams();
  params.set('limit', String(Math.max(PAGE_SIZE, candidates.length)));
  params.set('offset', '0');
  try {
    const page = await api('GET', `/api/review/candidates?${params}`);
    if (deciding) return;
    candidates = page.candidates;
    total = page.total;
    renderList();
  } catch {
    // The next change tries again.
  }
}

async function refreshCurrent(change) {
  const shown = current;
  if (!shown) return;
  const wasOpen = OPEN.has(shown.status);
  try {
    const answer = await api('GET', `/api/review/candidates/${encodeURIComponent(shown.id)}`);
    if (current?.id !== shown.id) return;
    const view = answer.candidate ?? answer;
    view.history = answer.history ?? [];
    if (wasOpen && view.decision && view.status !== shown.status) {
      const details = {
        status: view.decision.kind,
        decidedBy: view.decision.by.name,
        decidedAt: view.decision.at,
        entryId: view.decision.entryId,
        live: true,
      };
      if (change.by !== session?.name || lastDecision?.id !== view.id) {
        conflicts.set(view.id, details);
        keepEditsIfApproved(view, details);
      }
    }
    showCandidate(view);
  } catch {
    // Shown as it was; the next change tries again.
  }
}

function outletLine(view) {
  const outlet = view.item.outlet ?? view.item.feedTitle ?? hostOf(view.item.link);
  if (view.origin === 'reviewer' || view.item.feedId === null)
    return outlet && outlet !== 'No publisher named'
      ? `Proposed by a reviewer · ${outlet}`
      : 'Proposed by a reviewer';
  return `From ${outlet ?? 'an unnamed feed'}`;
}

function hostOf(link) {
  try {
    return new URL(link).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

// ---------- start ----------

async function start() {
  try {
    const loaded = await api('GET', '/assets/vocabulary.json');
    Object.assign(vocabulary, loaded);
    for (const c of loaded.countries) vocabulary.country.set(c.value, c.label);
    for (const c of loaded.categories) vocabulary.category.set(c.value, c.label);
    $('f-country').append(...loaded.countries.map((c) => new Option(c.label, c.value)));
    $('f-category').append(...loaded.categories.map((c) => new Option(c.label, c.value)));
    dom.rejectCode.append(
      new Option('Choose a reason…', ''),
      ...(loaded.rejectionReasons ?? []).map((r) => new Option(r.label, r.value)),
    );
  } catch (error) {
    flash(`Could not load the vocabulary. ${error.message}`, 'error');
  }
  try {
    showReview(await api('GET', '/api/session'));
  } catch (error) {
    showSignIn(error.status === 401 ? '' : `Could not reach the server. ${error.message}`);
  } finally {
    document.body.classList.remove('starting');
  }
}

void start();
