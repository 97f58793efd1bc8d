// The reviewer's queue at /review: sign in with an API key (the server keeps an httpOnly session
// cookie), then work through the candidates: read the evidence, edit the proposed entry, approve,
// reject or merge. Bundled by scripts/build.mjs (esbuild) into /assets/review.js, with the pages'
// shared modules (dom.ts, sign-in.ts, entry-date.ts) and this page's forms and views.
//
// Feed text is hostile: it reaches the DOM through lit-html's text bindings or textContent, and
// links only when they are http(s). Never innerHTML.

import type { TimelineEntry } from '@app/timeline';
import type { CandidateHistoryItem, CandidatePage, CandidateView, RankedTarget } from '@app/review';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';

import type { QueueChange } from '../../review/review-events.service';

import { aborted, type ApiError, apiClient, asApiError, byId, later, phoneFiltersToggle } from './dom';
import { formatEntryDate } from './entry-date';
import {
  clearFieldErrors,
  controlIdFor,
  type Edits,
  editedFields,
  fillChoices,
  fillEditForm,
  focusControl,
  type FormAction,
  proposalProblems,
  readProposal,
  renderDecisionForms,
  renderFilters,
  renderForms,
  showFieldError,
} from './review-form';
import {
  byline,
  candidateRow,
  corroboration,
  countryName,
  entryLink,
  formatScore,
  formatTime,
  highlighted,
  historyItem,
  sourceLink,
  STATUS_LABELS,
  termRow,
  titleOf,
} from './review-views';
import { type Session, signInForm } from './sign-in';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;
/** Undecided: a decision can be made (from the queue, or straight from the borderline tray). */
const OPEN = new Set(['pending', 'borderline']);
const FILTER_KEYS = ['status', 'sort', 'feed', 'country', 'category', 'minScore', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const DEFAULT_FILTERS: Filters = {
  status: 'pending',
  sort: 'score',
  feed: '',
  country: '',
  category: '',
  minScore: '',
  q: '',
};

/** A candidate as the page holds it: with its history once it has been read on its own. */
type Shown = CandidateView & { history?: CandidateHistoryItem[] };
type Detail = CandidateView & { history: CandidateHistoryItem[] };
type Decision = 'approve' | 'reject' | 'merge' | 'promote';
/** What a 409 CANDIDATE_DECIDED says (or the live queue learnt): who decided, and how. */
interface Conflict {
  status?: string;
  decidedBy?: string;
  decidedAt?: string;
  entryId?: string;
  live?: boolean;
}
interface DecisionAnswer {
  candidate?: CandidateView;
  entry?: TimelineEntry;
}
type Part = string | TemplateResult;

// ---------- the page's state ----------

let session: Session | null = null;
/** Feeds seen in any answer, so the feed filter offers them (id → title). */
const feeds = new Map<string, string>();
let filters = readFilters();
let candidates: CandidateView[] = [];
let total = 0;
/** The candidate shown, as last read from the server, with its history. */
let current: Shown | null = null;
let selectedId = new URLSearchParams(location.search).get('candidate') ?? '';
/** The candidate whose proposed fields fill the edit form (so a refresh keeps the reviewer's edits). */
let formFor = '';
/** Conflicts met on candidates (id → the API's details): shown until the reviewer moves on. */
const conflicts = new Map<string, Conflict>();
let mergeChoice: { id: string; title: string; kind: RankedTarget['kind'] } | null = null;
/** What the last merge search found, listed to choose from. */
let mergeTargets: RankedTarget[] = [];
/** The page's share of the configuration: how long a decision can be undone. */
let settings = { undoWindowMs: 30_000 };
/** The last decision this page made, while it can be undone. */
let lastDecision: { id: string; action: Decision; until: number } | null = null;
/** Edits a reviewer made to a candidate someone else then approved. */
let keptEdits: { id: string; entryId: string; edits: Edits } | null = null;
let live: EventSource | null = null;
let deciding = false;
let listRequest: AbortController | undefined;
let detailRequest: AbortController | undefined;
let mergeRequest: AbortController | undefined;

// ---------- the page's elements ----------

renderFilters();
renderForms();
renderDecisionForms();
const input = (id: string) => byId(id, HTMLInputElement);
const button = (id: string) => byId(id, HTMLButtonElement);
const dom = {
  reviewView: byId('review-view'),
  filters: byId('filters', HTMLFormElement),
  flash: byId('flash'),
  queueStatus: byId('queue-status'),
  list: byId('candidate-list'),
  queueEmpty: byId('queue-empty'),
  loadMore: button('load-more'),
  detailEmpty: byId('detail-empty'),
  candidate: byId('candidate'),
  notice: byId('decision-notice'),
  status: byId('c-status'),
  score: byId('c-score'),
  title: byId('c-title'),
  byline: byId('c-byline'),
  excerpt: byId('c-excerpt'),
  sourceLink: byId('c-source-link'),
  corroborationsSection: byId('c-corroborations-section'),
  corroborationsHeading: byId('h-corroborations'),
  corroborations: byId('c-corroborations'),
  relevanceSection: byId('c-relevance-section'),
  explanation: byId('c-explanation'),
  terms: byId('c-terms'),
  termsBody: byId('c-terms-body'),
  editForm: byId('edit-form', HTMLFormElement),
  eTitle: input('e-title'),
  decide: byId('decide'),
  decideError: byId('decide-error'),
  approve: button('approve'),
  promote: button('promote'),
  rejectCode: byId('reject-code', HTMLSelectElement),
  decisionFlash: byId('decision-flash'),
  amendForm: byId('amend-form', HTMLFormElement),
  amendWhat: byId('amend-what'),
  amendReason: input('amend-reason'),
  reopenForm: byId('reopen-form', HTMLFormElement),
  reopenReason: input('reopen-reason'),
  rejectOpen: button('reject-open'),
  rejectForm: byId('reject-form', HTMLFormElement),
  rejectReason: byId('reject-reason', HTMLTextAreaElement),
  mergeOpen: button('merge-open'),
  mergeForm: byId('merge-form', HTMLFormElement),
  mergeQ: input('merge-q'),
  mergeStatus: byId('merge-status'),
  mergeResults: byId('merge-results'),
  mergeChoice: byId('merge-choice'),
  merge: button('merge'),
  historySection: byId('c-history-section'),
  history: byId('c-history'),
  shortcuts: byId('shortcuts-dialog', HTMLDialogElement),
  propose: byId('propose-dialog', HTMLDialogElement),
  proposeForm: byId('propose-form', HTMLFormElement),
  proposeError: byId('propose-error'),
  proposeSubmit: button('propose-submit'),
};
const CHOOSE_ONE = html`Choose a candidate from the list (or press <kbd>j</kbd>).`;
render(CHOOSE_ONE, dom.detailEmpty);
const filterControl = (key: FilterKey) => byId<HTMLInputElement | HTMLSelectElement>(`f-${key}`);

// ---------- the API ----------

const api = apiClient({
  csrfToken: () => session?.csrfToken,
  onSessionEnded: () =>
    showSignIn('Your session has ended (it expired, or its key was revoked). Sign in again.'),
});

// ---------- signing in and out ----------

const signIn = signInForm({
  api,
  heading: 'Sign in to review',
  intro:
    'Sign in with your API key (reviewer or admin). The page keeps a session for the day; the key itself is not stored in the browser.',
  help: html`No key yet? An admin makes one:
    <code>npm run cli -- keys create --role reviewer --name you</code>`,
  signedIn: showReview,
});

byId('sign-out').addEventListener(
  'click',
  later(async () => {
    try {
      await api('DELETE', '/api/session');
    } catch (thrown) {
      const error = asApiError(thrown);
      // An ended session is signed out already; anything else, say so and stay.
      if (error.status !== 401) {
        flash(`Could not sign out. ${error.message}`, 'error');
        return;
      }
    }
    showSignIn('You are signed out.', 'note');
  }),
);

function showSignIn(message = '', tone: 'error' | 'note' = 'error'): void {
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
  for (const dialog of document.querySelectorAll('dialog[open]')) (dialog as HTMLDialogElement).close();
  dom.reviewView.hidden = true;
  renderRows();
  showCandidate(null);
  flash('');
  signIn.signedOut(message, tone);
  document.title = 'Sign in · Review queue';
}

function showReview(info: Session): void {
  session = info;
  signIn.signedIn(info);
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
  api<{ undoWindowMs: number }>('GET', '/api/review/settings')
    .then((loaded) => (settings = loaded))
    .catch(() => undefined);
  listen();
}

// ---------- filters (kept in the URL, so a reload keeps them) ----------

phoneFiltersToggle(button('filters-toggle'));

function readFilters(): Filters {
  const params = new URLSearchParams(location.search);
  const next = { ...DEFAULT_FILTERS };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null) next[key] = value.trim();
  }
  if (!(next.status in STATUS_LABELS)) next.status = 'pending';
  return next;
}

function filterParams(): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== '') params.set(key, filters[key]);
  return params;
}

function writeUrl(): void {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== DEFAULT_FILTERS[key]) params.set(key, filters[key]);
  if (selectedId) params.set('candidate', selectedId);
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

function syncFilterForm(): void {
  for (const key of FILTER_KEYS) {
    const control = filterControl(key);
    // A feed from a shared link that no answer has named yet is still offered.
    if (
      control instanceof HTMLSelectElement &&
      filters[key] &&
      !control.querySelector(`option[value="${CSS.escape(filters[key])}"]`)
    )
      control.append(new Option(filters[key], filters[key]));
    control.value = filters[key];
  }
}

function applyFilters(): void {
  const next = { ...DEFAULT_FILTERS };
  for (const key of FILTER_KEYS) next[key] = filterControl(key).value.trim();
  if (FILTER_KEYS.every((key) => next[key] === filters[key])) return;
  filters = next;
  writeUrl();
  void loadCandidates();
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
dom.filters.addEventListener('change', (event) => {
  if ((event.target as HTMLElement).id === 'f-q') return;
  applyFilters();
});
filterControl('q').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(applyFilters, SEARCH_DELAY_MS);
});
dom.filters.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(searchTimer);
  applyFilters();
});

/** Every registered feed, so the filter offers feeds with nothing pending too. */
async function loadFeeds(): Promise<void> {
  try {
    const answer = await api<{ feeds: Array<{ id: string; title?: string; url: string }> }>(
      'GET',
      '/api/feeds?status=all',
    );
    learnFeeds(answer.feeds.map((feed) => ({ feedId: feed.id, outlet: feed.title ?? hostOf(feed.url) })));
  } catch (thrown) {
    // The filter still offers the feeds the queue's candidates come from.
    const error = asApiError(thrown);
    if (error.status !== 401) console.warn(`Could not list the feeds: ${error.message}`);
  }
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') || url : url;
}

function learnFeeds(
  items: ReadonlyArray<{ feedId: string | null; outlet?: string; feedTitle?: string | null }>,
): void {
  let added = false;
  for (const item of items) {
    if (item.feedId && !feeds.has(item.feedId)) {
      feeds.set(item.feedId, item.outlet || item.feedTitle || item.feedId);
      added = true;
    }
  }
  if (!added) return;
  const select = byId('f-feed', HTMLSelectElement);
  const chosen = select.value;
  const options = [...feeds]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([id, title]) => new Option(title, id));
  select.replaceChildren(new Option('Any feed', ''), ...options);
  select.value = chosen;
}

// ---------- the queue ----------

async function loadCandidates({
  append = false,
  open,
}: { append?: boolean; open?: string } = {}): Promise<void> {
  listRequest?.abort();
  const request = new AbortController();
  listRequest = request;
  document.body.classList.add('loading');
  dom.list.setAttribute('aria-busy', 'true');
  const params = filterParams();
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String(append ? candidates.length : 0));
  try {
    const page = await api<CandidatePage>('GET', `/api/review/candidates?${params.toString()}`, undefined, {
      signal: request.signal,
    });
    if (request !== listRequest) return;
    candidates = append ? [...candidates, ...page.candidates] : page.candidates;
    total = page.total;
    learnFeeds(page.candidates.flatMap((c) => [c.item, ...c.corroborations]));
    renderList();
    if (append) return;
    const wanted = open ?? selectedId;
    const first = candidates[0];
    if (wanted && candidates.some((c) => c.id === wanted)) {
      if (current?.id !== wanted) void openCandidate(wanted);
    } else if (wanted && open) {
      void openCandidate(wanted);
    } else if (first) {
      void openCandidate(first.id);
    } else {
      selectCandidate('');
      showCandidate(null);
    }
  } catch (thrown) {
    if (aborted(thrown) || request !== listRequest) return;
    dom.queueStatus.textContent = `Could not load the queue. ${asApiError(thrown).message}`;
    dom.queueStatus.classList.add('status-error');
  } finally {
    if (request === listRequest) {
      document.body.classList.remove('loading');
      dom.list.setAttribute('aria-busy', 'false');
    }
  }
}

dom.loadMore.addEventListener('click', () => void loadCandidates({ append: true }));

function renderList(): void {
  const status = (STATUS_LABELS[filters.status as CandidateView['status']] ?? filters.status).toLowerCase();
  const shown = candidates.length < total ? `, ${candidates.length} shown` : '';
  dom.queueStatus.classList.remove('status-error');
  dom.queueStatus.textContent =
    total === 0
      ? `No ${status} candidates.`
      : `${total} ${status} candidate${total === 1 ? '' : 's'}${shown}.`;
  dom.queueEmpty.hidden = total > 0;
  dom.loadMore.hidden = candidates.length >= total;
  renderRows();
}

/** The rows, keyed by candidate: a row keeps its element (and its focus) while the list changes. */
function renderRows(): void {
  render(
    repeat(
      candidates,
      (candidate) => candidate.id,
      (candidate) =>
        candidateRow(candidate, {
          selected: candidate.id === selectedId,
          tagged: candidate.status !== filters.status || conflicts.has(candidate.id),
        }),
    ),
    dom.list,
  );
}

dom.list.addEventListener('click', (event) => {
  const row = (event.target as Element).closest<HTMLElement>('.candidate-button');
  if (!row?.dataset.id) return;
  void openCandidate(row.dataset.id);
  // On a phone the candidate is below the list: show it, from its top.
  if (window.matchMedia('(max-width: 900px)').matches) revealCandidate();
});

/** Scrolls the candidate's top (the confirmation above it, if any) into view. */
function revealCandidate(): void {
  const top = dom.decisionFlash.hidden ? dom.candidate : dom.decisionFlash;
  top.scrollIntoView({ block: 'start' });
}

function selectCandidate(id: string): void {
  selectedId = id;
  renderRows();
  writeUrl();
}

const rowButton = (id: string): HTMLElement | null =>
  dom.list.querySelector(`.candidate-button[data-id="${CSS.escape(id)}"]`);

/** Moves through the list (j/k): opens the next or previous candidate and focuses its row. */
function move(step: number): void {
  if (candidates.length === 0) return;
  const index = candidates.findIndex((c) => c.id === selectedId);
  const next = candidates[index < 0 ? 0 : Math.min(candidates.length - 1, Math.max(0, index + step))];
  if (!next) return;
  if (next.id !== selectedId) void openCandidate(next.id);
  const row = rowButton(next.id);
  row?.focus({ preventScroll: true });
  row?.scrollIntoView({ block: 'nearest' });
}

// ---------- one candidate ----------

async function openCandidate(id: string, { refresh = false } = {}): Promise<void> {
  if (id !== selectedId) {
    // Moving on: the last conflict message has been read (and kept edits let go).
    conflicts.delete(selectedId);
    if (keptEdits?.id === selectedId) keptEdits = null;
    closePanels();
  }
  selectCandidate(id);
  const known = candidates.find((c) => c.id === id);
  if (known && !refresh && current?.id !== id) showCandidate(known);
  detailRequest?.abort();
  const request = new AbortController();
  detailRequest = request;
  try {
    const view = await api<Detail>('GET', `/api/review/candidates/${encodeURIComponent(id)}`, undefined, {
      signal: request.signal,
    });
    if (request !== detailRequest) return;
    replaceInList(view);
    showCandidate(view);
  } catch (thrown) {
    if (aborted(thrown) || request !== detailRequest) return;
    const error = asApiError(thrown);
    if (error.status === 404) {
      flash('That candidate does not exist (any more).', 'error');
      showCandidate(null);
    } else if (!known) {
      showCandidate(null);
      flash(`Could not load the candidate. ${error.message}`, 'error');
    }
  }
}

function replaceInList(view: CandidateView): void {
  const index = candidates.findIndex((c) => c.id === view.id);
  const listed = candidates[index];
  if (!listed) return;
  const changed = listed.status !== view.status || listed.version !== view.version;
  candidates[index] = view;
  if (changed) renderRows();
}

function showCandidate(view: Shown | null): void {
  current = view;
  dom.candidate.hidden = !view;
  dom.detailEmpty.hidden = Boolean(view);
  if (!view) {
    formFor = '';
    render(candidates.length > 0 ? CHOOSE_ONE : 'Nothing to review with these filters.', dom.detailEmpty);
    return;
  }
  const terms = view.relevance?.matched ?? [];

  dom.status.textContent = STATUS_LABELS[view.status] ?? view.status;
  dom.status.className = `tag tag-${view.status}`;
  dom.score.textContent = view.relevance
    ? `Score ${formatScore(view.relevance.score)} (needs ${formatScore(view.relevance.threshold)})`
    : 'Proposed by a reviewer: not scored';
  render(highlighted(view.item.title, terms), dom.title);
  render(byline(view), dom.byline);
  render(
    view.item.excerpt ? highlighted(view.item.excerpt, terms) : html`<span class="muted">No excerpt.</span>`,
    dom.excerpt,
  );
  render(sourceLink(view.item, 'Read the source'), dom.sourceLink);

  dom.corroborationsSection.hidden = view.corroborations.length === 0;
  render(view.corroborations.map(corroboration), dom.corroborations);
  dom.corroborationsHeading.textContent = `Also reported by (${view.corroborations.length})`;

  dom.relevanceSection.hidden = !view.relevance;
  if (view.relevance) {
    dom.explanation.textContent = view.relevance.explanation;
    const rows = [...terms].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    render(rows.map(termRow), dom.termsBody);
    dom.terms.hidden = rows.length === 0;
  }

  if (formFor !== view.id) fillEditForm(view.proposed);
  formFor = view.id;
  // A decided candidate's entry is on the timeline (the notice links it): nothing left to edit.
  const open = OPEN.has(view.status);
  const keeping = keptEdits?.id === view.id ? keptEdits : null;
  dom.editForm.hidden = !open && !keeping;
  dom.decide.hidden = !open;
  dom.promote.hidden = view.status !== 'borderline';
  if (!open) closePanels();
  dom.amendForm.hidden = !keeping;
  if (keeping) {
    dom.amendWhat.textContent =
      `${view.decision?.by.name ?? 'Another reviewer'} approved it first, without your edits to ` +
      `${Object.keys(keeping.edits).join(', ')}. They are still in the form below: apply them to the entry as an amendment, or discard them.`;
  }
  const reopenable = view.status === 'rejected' || view.status === 'merged';
  if (dom.reopenForm.hidden === reopenable) clearFieldErrors(dom.reopenForm);
  dom.reopenForm.hidden = !reopenable;

  showDecisionNotice(view);
  render((view.history ?? []).map(historyItem), dom.history);
  dom.historySection.hidden = !view.history || view.history.length === 0;
}

function showDecisionNotice(view: CandidateView): void {
  const conflict = conflicts.get(view.id);
  const { decision } = view;
  const parts: Part[] = [];
  if (conflict) {
    parts.push(html`<strong>${conflictMessage(conflict)}</strong>`);
    parts.push(conflict.live ? ' It was decided while you had it open.' : ' Your decision was not recorded.');
  } else if (decision) {
    const decided = `${STATUS_LABELS[decision.kind]} by ${decision.by.name} at ${formatTime(decision.at)}.`;
    parts.push(html`<strong>${decided}</strong>`);
    if (decision.reason) parts.push(` Reason: ${decision.reason}`);
    if (decision.intoCandidateId) {
      const href = `/review?status=all&candidate=${encodeURIComponent(decision.intoCandidateId)}`;
      parts.push(' Into ', html`<a href=${href}>the queued item</a>`, '.');
    }
  }
  const entryId = conflict?.entryId ?? decision?.entryId;
  if (parts.length > 0 && entryId) parts.push(' ', entryLink(entryId, 'See the entry on the timeline'));
  render(parts, dom.notice);
  dom.notice.hidden = parts.length === 0;
  dom.notice.classList.toggle('conflict', Boolean(conflict));
}

function conflictMessage(details: Conflict): string {
  const when = details.decidedAt ? ` at ${formatTime(details.decidedAt)}` : '';
  return `Already ${details.status ?? 'decided'} by ${details.decidedBy ?? 'another reviewer'}${when}.`;
}

// ---------- the edit form ----------

byId('edit-reset').addEventListener('click', () => {
  if (current) fillEditForm(current.proposed);
  dom.eTitle.focus();
});

// ---------- deciding ----------

const canDecide = (): boolean =>
  Boolean(current) && OPEN.has(current?.status ?? '') && !deciding && !dom.decide.hidden;

dom.promote.addEventListener('click', () => void promote());

async function promote(): Promise<void> {
  if (!canDecide() || current?.status !== 'borderline') return;
  await decide('promote', undefined);
}

dom.approve.addEventListener('click', () => void approve());

async function approve(): Promise<void> {
  if (!canDecide() || !current) return;
  await decide('approve', editedFields(current.proposed));
}

dom.rejectOpen.addEventListener('click', () => openPanel('reject'));
dom.mergeOpen.addEventListener('click', () => openPanel('merge'));
for (const cancel of document.querySelectorAll('[data-close-panel]'))
  cancel.addEventListener('click', () => {
    closePanels();
    dom.approve.focus();
  });

function openPanel(which: 'reject' | 'merge'): void {
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

function closePanels(): void {
  dom.rejectForm.hidden = true;
  dom.mergeForm.hidden = true;
  dom.rejectOpen.setAttribute('aria-expanded', 'false');
  dom.mergeOpen.setAttribute('aria-expanded', 'false');
  dom.rejectReason.value = '';
  dom.rejectCode.value = '';
  dom.mergeQ.value = '';
  mergeTargets = [];
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

let mergeTimer: ReturnType<typeof setTimeout> | undefined;
dom.mergeQ.addEventListener('input', () => {
  clearTimeout(mergeTimer);
  mergeTimer = setTimeout(() => void searchTargets(), SEARCH_DELAY_MS);
});
dom.mergeQ.addEventListener('keydown', (event) => {
  // Enter searches at once rather than merging into whatever was chosen before.
  if (event.key === 'Enter') {
    event.preventDefault();
    clearTimeout(mergeTimer);
    void searchTargets();
  }
});

async function searchTargets(): Promise<void> {
  const q = dom.mergeQ.value.trim();
  mergeRequest?.abort();
  if (!q || !current) {
    mergeTargets = [];
    renderMergeTargets();
    dom.mergeStatus.textContent = '';
    return;
  }
  const request = new AbortController();
  mergeRequest = request;
  dom.mergeStatus.textContent = 'Searching the timeline and the queue…';
  try {
    const { targets } = await api<{ targets: RankedTarget[] }>(
      'GET',
      `/api/review/candidates/${encodeURIComponent(current.id)}/merge-targets?${new URLSearchParams({ q }).toString()}`,
      undefined,
      { signal: request.signal },
    );
    if (request !== mergeRequest) return;
    dom.mergeStatus.textContent =
      targets.length === 0
        ? 'Nothing on the timeline or in the queue shares these words, countries or dates.'
        : `${targets.length} found, the likeliest first. Choose one.`;
    mergeTargets = targets;
    renderMergeTargets();
  } catch (thrown) {
    if (aborted(thrown) || request !== mergeRequest) return;
    dom.mergeStatus.textContent = `Could not search the timeline. ${asApiError(thrown).message}`;
  }
}

function renderMergeTargets(): void {
  render(mergeTargets.map(mergeOption), dom.mergeResults);
}

function mergeOption(target: RankedTarget): TemplateResult {
  const meta = [
    target.kind === 'entry' ? 'Entry' : 'Queued item',
    formatEntryDate(target.date),
    target.countries.map(countryName).join(', '),
  ].filter(Boolean);
  return html`<li>
    <button
      type="button"
      class="merge-option"
      data-id=${target.id}
      aria-pressed=${String(mergeChoice?.id === target.id)}
      @click=${() => chooseMergeTarget(target)}
    >
      <span class="merge-option-title">${target.title}</span
      ><span class="merge-option-meta">${meta.join(' · ')}</span
      ><span class="merge-option-meta">Shares ${target.shared.join('; ')}</span>
    </button>
  </li>`;
}

function chooseMergeTarget(target: RankedTarget | null): void {
  mergeChoice = target ? { id: target.id, title: target.title, kind: target.kind } : null;
  renderMergeTargets();
  dom.merge.disabled = !mergeChoice;
  dom.mergeChoice.hidden = !mergeChoice;
  if (mergeChoice) {
    render(
      html`${mergeChoice.kind === 'entry' ? 'Merge into the entry: ' : 'Merge into the queued item: '}<strong
          >${mergeChoice.title}</strong
        >`,
      dom.mergeChoice,
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
async function decide(action: Decision, body: object | undefined): Promise<void> {
  const candidate = current;
  if (!candidate) return;
  deciding = true;
  document.body.classList.add('deciding');
  dom.decideError.hidden = true;
  clearFieldErrors(dom.editForm);
  try {
    const result = await api<DecisionAnswer>(
      'POST',
      `/api/review/candidates/${encodeURIComponent(candidate.id)}/${action}`,
      body,
    );
    afterDecision(candidate, action, result);
  } catch (thrown) {
    const error = asApiError(thrown);
    if (error.status === 409 && error.code === 'CANDIDATE_DECIDED') {
      const details = error.details as Conflict;
      conflicts.set(candidate.id, details);
      keepEditsIfApproved(candidate, details);
      flash(conflictMessage(details), 'error');
      // Show what was decided, and by whom: the page's copy was out of date.
      await openCandidate(candidate.id, { refresh: true });
      dom.notice.scrollIntoView({ block: 'nearest' });
      dom.notice.focus({ preventScroll: true });
    } else if (error.status === 400 && error.field) {
      showApiFieldError(action, error, dom.decideError);
    } else if (error.status === 403 && error.code === 'OWN_PROPOSAL') {
      dom.decideError.textContent =
        'You proposed this one yourself: another reviewer approves it (four eyes).';
      dom.decideError.hidden = false;
    } else if (error.status !== 401) {
      // (A 401 ended the session: the sign-in form has taken over.)
      dom.decideError.textContent = `Not recorded. ${error.message}`;
      dom.decideError.hidden = false;
    }
  } finally {
    deciding = false;
    document.body.classList.remove('deciding');
  }
}

function decisionMessage(
  candidate: CandidateView,
  action: Decision,
  entry: TimelineEntry | undefined,
): Part[] {
  const title = candidate.item.title;
  switch (action) {
    case 'promote':
      return [html`<strong>Promoted: </strong>`, `“${title}” is in the queue now.`];
    case 'approve':
      return [
        html`<strong>Approved: </strong>`,
        `“${entry?.title ?? candidate.proposed.title}” is on the timeline. `,
      ];
    case 'merge':
      return [
        html`<strong>Merged: </strong>`,
        `“${title}” is now a source of “${entry?.title ?? mergeChoice?.title ?? 'the queued item'}”. `,
      ];
    case 'reject':
      return [html`<strong>Rejected: </strong>`, `“${title}”.`];
  }
}

function afterDecision(candidate: CandidateView, action: Decision, result: DecisionAnswer): void {
  const { entry } = result;
  const message = decisionMessage(candidate, action, entry);
  if (entry?.id) message.push(entryLink(entry.id, 'Open the entry'), ' ');
  if (action === 'approve' || action === 'reject') {
    lastDecision = { id: candidate.id, action, until: Date.now() + settings.undoWindowMs };
    message.push(
      html`<button type="button" class="button-quiet undo" @click=${() => void undoLast()}>
        Undo <kbd>u</kbd>
      </button>`,
    );
  }
  decisionFlash(message, 'success');

  const index = candidates.findIndex((c) => c.id === candidate.id);
  const stillListed = result.candidate?.status === filters.status;
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

/** The server named the field it refused: said beside it, or above the form when none matches. */
function showApiFieldError(action: FormAction, error: ApiError, fallback: HTMLElement): void {
  const control = document.getElementById(controlIdFor(action, error.field ?? ''));
  if (control && document.getElementById(`${control.id}-error`)) {
    showFieldError(control, error.message);
  } else {
    fallback.textContent = error.message;
    fallback.hidden = false;
  }
}

// ---------- proposing an entry by hand ----------

byId('propose-open').addEventListener('click', () => {
  if (!dom.proposeForm.querySelector('[data-choices="countries"] input')) {
    fillChoices(dom.proposeForm, 'countries', []);
    fillChoices(dom.proposeForm, 'categories', []);
  }
  dom.proposeError.hidden = true;
  dom.propose.showModal();
  byId('p-source-title').focus();
});
for (const close of document.querySelectorAll('[data-close-dialog]'))
  close.addEventListener('click', () => close.closest('dialog')?.close());

dom.proposeForm.addEventListener(
  'submit',
  later(async (event) => {
    event.preventDefault();
    clearFieldErrors(dom.proposeForm);
    dom.proposeError.hidden = true;
    const body = readProposal();
    const problems = proposalProblems(body);
    const [first] = problems;
    if (first) {
      for (const [id, message] of problems) showFieldError(byId(id), message, { focus: false });
      dom.proposeError.textContent =
        problems.length === 1 ? 'One field needs attention.' : `${problems.length} fields need attention.`;
      dom.proposeError.hidden = false;
      focusControl(first[0]);
      return;
    }
    dom.proposeSubmit.disabled = true;
    try {
      const created = await api<CandidateView>('POST', '/api/review/candidates', body);
      dom.propose.close();
      dom.proposeForm.reset();
      flash(
        [html`<strong>Proposed: </strong>`, created.proposed.title, '. It waits in the queue for a review.'],
        'success',
      );
      if (filters.status !== 'pending') {
        filters = { ...filters, status: 'pending' };
        syncFilterForm();
        writeUrl();
      }
      await loadCandidates({ open: created.id });
    } catch (thrown) {
      const error = asApiError(thrown);
      if (error.status === 400 && error.field) showApiFieldError('propose', error, dom.proposeError);
      else if (error.status !== 401) {
        dom.proposeError.textContent = `Not proposed. ${error.message}`;
        dom.proposeError.hidden = false;
      }
    } finally {
      dom.proposeSubmit.disabled = false;
    }
  }),
);

// ---------- keyboard ----------

byId('shortcuts-open').addEventListener('click', () => dom.shortcuts.showModal());

function isTyping(target: EventTarget | null): target is HTMLElement {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  );
}

const SHORTCUTS: Record<string, () => void> = {
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

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (dom.reviewView.hidden || document.querySelector('dialog[open]')) return;
  if (isTyping(event.target)) {
    // Escape leaves the field, so the shortcuts work again.
    if (event.key === 'Escape') event.target.blur();
    return;
  }
  const action = SHORTCUTS[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

// ---------- messages ----------

function flash(message: string | Part[], tone = 'info'): void {
  const parts = (Array.isArray(message) ? message : [message]).filter((part) => part !== '');
  renderAfresh(parts, dom.flash);
  dom.flash.hidden = parts.length === 0;
  dom.flash.className = `flash flash-${tone}`;
}

let decisionFlashTimer: ReturnType<typeof setTimeout> | undefined;
/** The confirmation of a decision, at the top of the candidate panel (the next candidate is below it). */
function decisionFlash(parts: Part[], tone: string): void {
  clearTimeout(decisionFlashTimer);
  flash('');
  renderAfresh(parts, dom.decisionFlash);
  dom.decisionFlash.className = `flash decision-flash flash-${tone}`;
  dom.decisionFlash.hidden = false;
  if (lastDecision) {
    // The undo button goes when the window closes; the message stays until the next decision.
    decisionFlashTimer = setTimeout(dropUndo, Math.max(0, lastDecision.until - Date.now()));
  }
}

const dropUndo = (): void => dom.decisionFlash.querySelector('.undo')?.remove();

/** A message drawn from new (the undo button may have been taken out of the last one). */
function renderAfresh(parts: Part[], container: HTMLElement): void {
  render(nothing, container);
  render(parts, container);
}

// ---------- undo, reopen, amend ----------

async function undoLast(): Promise<void> {
  if (!lastDecision || Date.now() > lastDecision.until || deciding) return;
  const { id } = lastDecision;
  deciding = true;
  try {
    const { candidate } = await api<{ candidate: CandidateView }>(
      'POST',
      `/api/review/candidates/${encodeURIComponent(id)}/undo`,
    );
    lastDecision = null;
    decisionFlash(
      [
        html`<strong>Undone: </strong>`,
        `“${titleOf(candidate)}” is ${STATUS_LABELS[candidate.status].toLowerCase()} again.`,
      ],
      'info',
    );
    formFor = '';
    await loadCandidates({ open: id });
  } catch (thrown) {
    lastDecision = null;
    dropUndo();
    const error = asApiError(thrown);
    if (error.status !== 401) flash(`Could not undo it. ${error.message}`, 'error');
  } finally {
    deciding = false;
  }
}

dom.reopenForm.addEventListener(
  'submit',
  later(async (event) => {
    event.preventDefault();
    if (!current) return;
    const { id } = current;
    clearFieldErrors(dom.reopenForm);
    const reason = dom.reopenReason.value.trim();
    if (reason.length < 3) {
      showFieldError(dom.reopenReason, 'Say why it deserves another look (a few words).');
      return;
    }
    try {
      const { candidate } = await api<{ candidate: CandidateView }>(
        'POST',
        `/api/review/candidates/${encodeURIComponent(id)}/reopen`,
        { reason },
      );
      dom.reopenReason.value = '';
      decisionFlash([html`<strong>Reopened: </strong>`, 'it is pending in the queue again.'], 'success');
      formFor = '';
      replaceInList(candidate);
      await openCandidate(id, { refresh: true });
    } catch (thrown) {
      const error = asApiError(thrown);
      if (error.status === 400 && error.field === 'reason') showFieldError(dom.reopenReason, error.message);
      else if (error.status !== 401) flash(`Could not reopen it. ${error.message}`, 'error');
    }
  }),
);

/** Another reviewer approved what this one was editing: the edits stay on screen, to amend the entry with. */
function keepEditsIfApproved(candidate: CandidateView, details: Conflict): void {
  if (formFor !== candidate.id || details.status !== 'approved' || !details.entryId) return;
  const edits = editedFields(candidate.proposed);
  if (Object.keys(edits).length === 0) return;
  keptEdits = { id: candidate.id, entryId: details.entryId, edits };
}

dom.amendForm.addEventListener(
  'submit',
  later(async (event) => {
    event.preventDefault();
    const kept = keptEdits;
    if (!kept) return;
    clearFieldErrors(dom.amendForm);
    const reason = dom.amendReason.value.trim();
    if (reason.length < 3) {
      showFieldError(dom.amendReason, 'Say why the entry should change (a few words).');
      return;
    }
    // The form as it stands, compared with the proposal: what the reviewer changed.
    const edits = formFor === kept.id && current ? editedFields(current.proposed) : kept.edits;
    try {
      await api('POST', `/api/timeline/${encodeURIComponent(kept.entryId)}/amend`, { ...edits, reason });
      keptEdits = null;
      dom.amendReason.value = '';
      decisionFlash(
        [
          html`<strong>Amended: </strong>`,
          'your edits are on the entry. ',
          entryLink(kept.entryId, 'Open the entry'),
        ],
        'success',
      );
      if (current) showCandidate(current);
    } catch (thrown) {
      const error = asApiError(thrown);
      if (error.status === 400 && error.field === 'reason') showFieldError(dom.amendReason, error.message);
      else if (error.status !== 401) showFieldError(dom.amendReason, `Not amended. ${error.message}`);
    }
  }),
);

byId('amend-discard').addEventListener('click', () => {
  keptEdits = null;
  formFor = '';
  if (current) showCandidate(current);
});

// ---------- the live queue ----------

/**
 * The server tells every open page when any candidate changes. The list is read again (quietly,
 * keeping what is open); the candidate on screen is read again, and if someone else decided it
 * while this reviewer was editing, their edits are kept with "apply as an amendment".
 */
function listen(): void {
  live?.close();
  const stream = new EventSource('/api/review/events');
  live = stream;
  let timer: ReturnType<typeof setTimeout> | undefined;
  stream.addEventListener('candidate', (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as QueueChange;
    clearTimeout(timer);
    timer = setTimeout(() => void refreshQueue(), 250);
    if (current?.id === change.candidateId && !deciding) void refreshCurrent(change);
  });
  stream.addEventListener('error', () => {
    // EventSource reconnects by itself; a closed stream after sign-out is closed for good.
    if (!session) stream.close();
  });
}

async function refreshQueue(): Promise<void> {
  if (!session || deciding) return;
  const params = filterParams();
  params.set('limit', String(Math.max(PAGE_SIZE, candidates.length)));
  params.set('offset', '0');
  try {
    const page = await api<CandidatePage>('GET', `/api/review/candidates?${params.toString()}`);
    if (deciding) return;
    candidates = page.candidates;
    total = page.total;
    renderList();
  } catch {
    // The next change tries again.
  }
}

async function refreshCurrent(change: QueueChange): Promise<void> {
  const shown = current;
  if (!shown) return;
  const wasOpen = OPEN.has(shown.status);
  try {
    const view = await api<Detail>('GET', `/api/review/candidates/${encodeURIComponent(shown.id)}`);
    if (current?.id !== shown.id) return;
    if (wasOpen && view.decision && view.status !== shown.status) {
      const details: Conflict = {
        status: view.decision.kind,
        decidedBy: view.decision.by.name,
        decidedAt: view.decision.at,
        ...(view.decision.entryId ? { entryId: view.decision.entryId } : {}),
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

// ---------- start ----------

async function start(): Promise<void> {
  try {
    showReview(await api<Session>('GET', '/api/session'));
  } catch (thrown) {
    const error = asApiError(thrown);
    showSignIn(error.status === 401 ? '' : `Could not reach the server. ${error.message}`);
  } finally {
    document.body.classList.remove('starting');
  }
}

void start();
